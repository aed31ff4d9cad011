package io.github.jvmpagemap.scan;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct pm_scan_arg}, the argument of PAGEMAP_SCAN: twelve u64 fields, filled in one place
 * for every caller.
 */
final class ScanArgument {
    private static final long SIZE = 0;
    private static final long FLAGS = 8;
    private static final long START = 16;
    private static final long END = 24;
    private static final long WALK_END = 32;
    private static final long VEC = 40;
    private static final long VEC_LEN = 48;
    private static final long MAX_PAGES = 56;
    private static final long CATEGORY_INVERTED = 64;
    private static final long CATEGORY_MASK = 72;
    private static final long CATEGORY_ANYOF_MASK = 80;
    private static final long RETURN_MASK = 88;

    private ScanArgument() {
    }

    /**
     * Fills {@code arg} for a walk of [start, end) into {@code vec} ({@code vecLen} page_region
     * entries), without a page limit: a page is returned if its categories, with
     * {@code inverted} flipped, hold all of {@code mask} and, when {@code anyOf} is not 0, one of it.
     */
    static void fill(MemorySegment arg, long start, long end, long flags, long inverted, long mask, long anyOf,
            long returned, MemorySegment vec, int vecLen) {
        arg.set(JAVA_LONG, SIZE, KernelAbi.PM_SCAN_ARG_SIZE);
        arg.set(JAVA_LONG, FLAGS, flags);
        arg.set(JAVA_LONG, START, start);
        arg.set(JAVA_LONG, END, end);
        arg.set(JAVA_LONG, WALK_END, 0);
        arg.set(JAVA_LONG, VEC, vec.address());
        arg.set(JAVA_LONG, VEC_LEN, vecLen);
        arg.set(JAVA_LONG, MAX_PAGES, 0);
        arg.set(JAVA_LONG, CATEGORY_INVERTED, inverted);
        arg.set(JAVA_LONG, CATEGORY_MASK, mask);
        arg.set(JAVA_LONG, CATEGORY_ANYOF_MASK, anyOf);
        arg.set(JAVA_LONG, RETURN_MASK, returned);
    }

    /** Where the kernel stopped the walk: see the callers on why it may lag what it returned. */
    static long walkEnd(MemorySegment arg) {
        return arg.get(JAVA_LONG, WALK_END);
    }
}
