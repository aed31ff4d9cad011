package io.github.jvmpagemap.scan;

/**
 * The bits of one {@code /proc/<pid>/pagemap} entry (Documentation/admin-guide/mm/pagemap.rst).
 * Each virtual page has one little-endian u64. The physical frame number in bits 0-54 is
 * deliberately never decoded: the project publishes no frame numbers.
 */
public final class PagemapEntry {
    /** Bytes per entry in the pagemap file. */
    public static final int SIZE = Long.BYTES;

    static final long PRESENT = 1L << 63;
    static final long SWAPPED = 1L << 62;
    static final long FILE_OR_SHARED_ANON = 1L << 61;
    static final long EXCLUSIVE = 1L << 56;

    private PagemapEntry() {
    }

    public static boolean isPresent(long entry) {
        return (entry & PRESENT) != 0;
    }

    public static boolean isSwapped(long entry) {
        return (entry & SWAPPED) != 0;
    }

    /** Mapped by this process only; meaningful for present pages. */
    public static boolean isExclusive(long entry) {
        return (entry & EXCLUSIVE) != 0;
    }

    /** A page-cache page: file-backed, or shared anonymous memory such as ZGC's memfd heap. */
    public static boolean isFileOrSharedAnon(long entry) {
        return (entry & FILE_OR_SHARED_ANON) != 0;
    }
}
