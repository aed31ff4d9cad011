package io.github.jvmpagemap.scan;

/**
 * The state of a run of pages as one {@code long}, so that a walk hands states around without
 * allocating: flag bits, how many further views also map the pages present (JDK 17's ZGC), and
 * the pages' map count where the page frames were read (0 where they were not).
 */
public final class RunState {
    /** In physical memory (in any view). */
    public static final long PRESENT = 1;
    /** In swap. */
    public static final long SWAPPED = 1 << 1;
    /** Present on a huge page (as far as the page table tells: see {@link PageTable#measures}). */
    public static final long HUGE = 1 << 2;
    /** Present and mapped to the shared zero page. */
    public static final long ZERO = 1 << 3;
    /** Present, but the page frames behind could not be read: huge, zero and sharing unknown. */
    public static final long FRAMES_UNREADABLE = 1 << 4;
    /** The page-table entries could not be read: nothing is known of these pages. */
    public static final long UNREADABLE = 1 << 5;
    /**
     * Present and mapped more than once: by another process, or by another mapping of this one
     * (what smaps counts as Shared_Clean and Shared_Dirty). Never with {@link #ZERO}.
     */
    public static final long SHARED = 1 << 6;
    /**
     * Present on a large folio (kpageflags THP: multi-size THP, a large page-cache folio, a
     * transparent huge page). Counted as such only where not also {@link #HUGE}: a page mapped by
     * a PMD is a huge page, not a large folio mapped page by page.
     */
    public static final long LARGE_FOLIO = 1 << 7;

    /**
     * Present, and whether another mapping or process maps these pages too was not read (memory
     * that can be shared, whose reads {@code detail=auto} gave up: see {@link Sharing#UNREAD}).
     */
    public static final long SHARING_UNREAD = 1 << 8;
    /** Present, and the map count of these pages was not read (see {@link Sharing#UNREAD}). */
    public static final long MAP_COUNT_UNREAD = 1 << 9;

    private static final int EXTRA_VIEWS_SHIFT = 10;
    private static final long EXTRA_VIEWS_MASK = 0x3f;
    private static final int MAP_COUNT_SHIFT = 16;

    /** Present and mapped once, as pagemap's exclusive bit or the absence of anyone to share with tells. */
    public static final long MAPPED_ONCE = 1L << MAP_COUNT_SHIFT;

    /** Neither present nor swapped: never touched, or given back. */
    public static final long NOT_PRESENT = 0;

    private RunState() {
    }

    /**
     * A state with {@code flags}, present in {@code extraViews} views beyond the first, with
     * {@code mapCount} (0 if the frames were not read; capped to 48 bits, far beyond any real count).
     */
    public static long of(long flags, int extraViews, long mapCount) {
        return flags | ((long) Math.min(extraViews, (int) EXTRA_VIEWS_MASK) << EXTRA_VIEWS_SHIFT)
                | (Math.min(mapCount, (1L << (64 - MAP_COUNT_SHIFT)) - 1) << MAP_COUNT_SHIFT);
    }

    public static boolean is(long state, long flag) {
        return (state & flag) != 0;
    }

    /** How many views beyond the first also map these present pages. */
    public static int extraViews(long state) {
        return (int) ((state >>> EXTRA_VIEWS_SHIFT) & EXTRA_VIEWS_MASK);
    }

    /** How many page tables map each of these pages (from kpagecount), or 0 if not read. */
    public static long mapCount(long state) {
        return state >>> MAP_COUNT_SHIFT;
    }
}
