package io.github.jvmpagemap.scan;

/**
 * Receives one walk of the page tables: every page of the walked range exactly once, as runs
 * of pages in the same {@link RunState state}, in address order. A page table hands its runs
 * to a sink and allocates nothing per run, so a sink must not keep the call's arguments.
 */
public interface PageSink {

    /** Pages [from, to) are all in {@code state}, a {@link RunState} word. */
    void run(long from, long to, long state);

    /**
     * Why some pages were delivered as {@link RunState#UNREADABLE} or with
     * {@link RunState#FRAMES_UNREADABLE}; called before those runs.
     */
    void error(String message);
}
