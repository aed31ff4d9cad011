package io.github.jvmpagemap.scan;

import java.io.IOException;

/**
 * Receives a page map as maximal runs of same-state pages and hands them on merged: adjacent
 * runs in the same state, however the page table delivered them (batch by batch, or region by
 * region from the kernel), reach the sink as one.
 */
public final class PageRuns {
    /** Receives one run [start, end) of pages all in {@code state}. */
    @FunctionalInterface
    public interface Sink {
        void run(long start, long end, PageState state) throws IOException;
    }

    private final Sink sink;
    private long start;
    private long end;
    private PageState state;

    public PageRuns(Sink sink) {
        this.sink = sink;
    }

    /** Adds [from, to) in {@code next}; runs must come in address order. */
    public void add(long from, long to, PageState next) throws IOException {
        if (from >= to) {
            return;
        }
        if (next == state && from == end) {
            end = to;
            return;
        }
        flush();
        start = from;
        end = to;
        state = next;
    }

    /** Hands on the run still held; call once the range is walked. */
    public void flush() throws IOException {
        if (state != null) {
            sink.run(start, end, state);
            state = null;
        }
    }
}
