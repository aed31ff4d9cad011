package io.github.jvmpagemap.scan;

/**
 * The bits of one {@code /proc/<pid>/pagemap} entry (Documentation/admin-guide/mm/pagemap.rst).
 * Each virtual page has one little-endian u64. The physical frame number in bits 0-54 is
 * decoded only by {@link PageFrames}, to index kpageflags and kpagecount, and never published.
 */
final class PagemapEntry {
    /** Bytes per entry in the pagemap file. */
    public static final int SIZE = Long.BYTES;

    private PagemapEntry() {
    }

    public static boolean isPresent(long entry) {
        return (entry & KernelAbi.PM_PRESENT) != 0;
    }

    public static boolean isSwapped(long entry) {
        return (entry & KernelAbi.PM_SWAPPED) != 0;
    }

    /** Backed by a file or shared memory, so never the zero page. */
    public static boolean isFileOrShared(long entry) {
        return (entry & KernelAbi.PM_FILE) != 0;
    }

    /** Present and mapped by this page table alone: neither shared nor the zero page. */
    public static boolean isExclusive(long entry) {
        return (entry & KernelAbi.PM_MMAP_EXCLUSIVE) != 0;
    }

    /** The page frame number of a present entry; zero without CAP_SYS_ADMIN. Internal: never published. */
    static long frame(long entry) {
        return entry & KernelAbi.PM_PFN_MASK;
    }
}
