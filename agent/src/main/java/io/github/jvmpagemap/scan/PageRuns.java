package io.github.jvmpagemap.scan;

/**
 * Merges runs before handing them on: adjacent runs in the same state, however they were
 * delivered (page by page, batch by batch, or region by region from the kernel), reach the sink
 * as one. Reusable: {@link #flush} once a range is walked.
 */
public final class PageRuns implements PageSink {
    private PageSink sink;
    private long start;
    private long end;
    private long state;
    private boolean holding;

    public PageRuns(PageSink sink) {
        this.sink = sink;
    }

    /** Hands later runs to {@code next}; call only when nothing is held. */
    void to(PageSink next) {
        this.sink = next;
    }

    /** Adds [from, to) in {@code next}; runs must come in address order. */
    @Override
    public void run(long from, long to, long next) {
        if (from >= to) {
            return;
        }
        if (holding && next == state && from == end) {
            end = to;
            return;
        }
        flush();
        start = from;
        end = to;
        state = next;
        holding = true;
    }

    @Override
    public void error(String message) {
        flush();
        sink.error(message);
    }

    /** Hands on the run still held; call once the range is walked. */
    public void flush() {
        if (holding) {
            holding = false;
            sink.run(start, end, state);
        }
    }
}
