package io.github.jvmpagemap.scan;

import java.io.Closeable;
import java.io.IOException;

/**
 * The process's own page tables: the one narrow interface in front of the kernel. The
 * portable implementation reads {@code /proc/self/pagemap}; a JDK 22+ build adds the
 * PAGEMAP_SCAN ioctl through FFM.
 */
public interface PageTable extends Closeable {

    /** The method name users see: {@code pagemap} or {@code scan}. */
    String method();

    /** {@code full} when page frames are examined (kpageflags, kpagecount), otherwise {@code basic}. */
    default String detail() {
        return "basic";
    }

    /** True if {@link PageCounts#huge()} is filled in. */
    default boolean countsHugePages() {
        return false;
    }

    /** True if {@link PageCounts#zero()} is filled in. */
    default boolean countsZeroPages() {
        return false;
    }

    /** True if {@link PageCounts#shared()} and {@link PageCounts#proportional()} are filled in. */
    default boolean countsSharing() {
        return false;
    }

    /**
     * Adds the state of every page in [start, end) to {@code counts}. When {@code views} is
     * not empty the same memory is also mapped at {@code start + views[i]}: a page then
     * counts once if any view has it present.
     * Read failures are recorded in {@code counts}, never thrown and never counted as absent.
     */
    void count(long start, long end, long[] views, PageCounts counts);

    /** True if {@link #runs} tells huge and zero pages from other resident pages. */
    default boolean runsTellHugeAndZero() {
        return false;
    }

    /**
     * Adds every page of [start, end) to {@code runs}, in address order, by state; with
     * {@code views} as in {@link #count}, a page is present if any view has it present.
     *
     * @throws IOException if part of the range cannot be read: a page map is whole or nothing
     */
    void runs(long start, long end, long[] views, PageRuns runs) throws IOException;

    @Override
    void close();
}
