package io.github.jvmpagemap.scan;

import java.io.Closeable;

/**
 * The process's own page tables: the one narrow interface in front of the kernel. The
 * portable implementation reads {@code /proc/self/pagemap}; a JDK 22+ build adds the
 * PAGEMAP_SCAN ioctl through FFM.
 */
public interface PageTable extends Closeable {

    /** The method name users see: {@code pagemap} or {@code scan}. */
    String method();

    /**
     * Adds the state of every page in [start, end) to {@code counts}. When {@code views} is
     * not empty the same memory is also mapped at {@code start + views[i]}: a page then
     * counts once if any view has it present.
     * Read failures are recorded in {@code counts}, never thrown and never counted as absent.
     */
    void count(long start, long end, long[] views, PageCounts counts);

    @Override
    void close();
}
