package io.github.jvmpagemap.scan;

/**
 * The kernel's page-table ABI, in one place: the bits of a {@code /proc/<pid>/pagemap} entry
 * and of a {@code /proc/kpageflags} word (Documentation/admin-guide/mm/pagemap.rst), and the
 * {@code PAGEMAP_SCAN} ioctl (include/uapi/linux/fs.h, Linux 6.7+).
 */
final class KernelAbi {
    private KernelAbi() {
    }

    // --- /proc/<pid>/pagemap: one little-endian u64 per virtual page

    public static final long PM_PRESENT = 1L << 63;
    public static final long PM_SWAPPED = 1L << 62;
    /** A file page or shared anonymous (shmem) memory: never the zero page. */
    public static final long PM_FILE = 1L << 61;
    /**
     * Set for a present page mapped by this page table alone (its map count is 1). Shown to
     * every reader, privileged or not; clear for the shared zero page, which has no map count.
     */
    public static final long PM_MMAP_EXCLUSIVE = 1L << 56;
    /**
     * Bits 0-54 of a present entry: the page frame number, zero unless the reader has
     * CAP_SYS_ADMIN. Used only to index kpageflags and kpagecount, never published.
     */
    public static final long PM_PFN_MASK = (1L << 55) - 1;

    // --- /proc/kpageflags: one u64 per page frame (CAP_SYS_ADMIN)

    /** A hugetlbfs page. */
    public static final long KPF_HUGE = 1L << 17;
    /** A page of a transparent huge page or other anonymous/file large folio, PMD- or PTE-mapped. */
    public static final long KPF_THP = 1L << 22;
    /** The shared zero page. */
    public static final long KPF_ZERO_PAGE = 1L << 24;

    // --- PAGEMAP_SCAN

    /** _IOWR('f', 16, struct pm_scan_arg). */
    public static final long PAGEMAP_SCAN = 0xC0606610L;
    /** sizeof(struct pm_scan_arg): 12 u64 fields. */
    public static final int PM_SCAN_ARG_SIZE = 96;
    /** sizeof(struct page_region): start, end, categories. */
    public static final int PAGE_REGION_SIZE = 24;
    /** Registered with userfaultfd in asynchronous write-protect mode: its written state is tracked. */
    public static final long PAGE_IS_WPALLOWED = 1L << 0;
    /** Not write-protected: written since armed, or never armed (only meaningful with {@link #PAGE_IS_WPALLOWED}). */
    public static final long PAGE_IS_WRITTEN = 1L << 1;
    public static final long PAGE_IS_PRESENT = 1L << 3;
    public static final long PAGE_IS_SWAPPED = 1L << 4;
    public static final long PAGE_IS_PFNZERO = 1L << 5;
    /** PMD-mapped THP or hugetlb only; PTE-mapped large folios are not reported. */
    public static final long PAGE_IS_HUGE = 1L << 6;
    /** pm_scan_arg.flags: write-protect the pages that match (arm them), atomically with the read. */
    public static final long PM_SCAN_WP_MATCHING = 1;

    // --- userfaultfd (include/uapi/linux/userfaultfd.h): asynchronous write-protect only

    /** The system call's number: x86-64 323, arm64 282. */
    public static long userfaultfdSyscall() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 323;
            case "aarch64", "arm64" -> 282;
            default -> -1;
        };
    }

    /** userfaultfd flags: handle faults from user mode only (what an unprivileged process may ask). */
    public static final int UFFD_USER_MODE_ONLY = 1;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final long UFFD_API = 0xAA;
    /** _IOWR(0xAA, 0x3F, struct uffdio_api): 24 bytes (api, features, ioctls). */
    public static final long UFFDIO_API = 0xC018AA3FL;
    /** _IOWR(0xAA, 0x00, struct uffdio_register): 32 bytes (range start, len, mode, ioctls). */
    public static final long UFFDIO_REGISTER = 0xC020AA00L;
    public static final long UFFDIO_REGISTER_MODE_WP = 2;
    /** The one feature the agent asks for: the kernel resolves write faults itself, nothing waits for a reader. */
    public static final long UFFD_FEATURE_WP_ASYNC = 1L << 15;
}
