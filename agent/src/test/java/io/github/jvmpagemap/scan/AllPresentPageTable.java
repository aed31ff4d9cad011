package io.github.jvmpagemap.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * A page table for tests outside this package: every page is present (in every view), and
 * every walk is recorded as {@code {start, end, views...}}.
 */
public final class AllPresentPageTable implements PageTable {
    private final List<long[]> requests = new ArrayList<>();

    /** Each request: start, end, then the view offsets. */
    public List<long[]> requests() {
        return requests;
    }

    @Override
    public String method() {
        return "all-present";
    }

    @Override
    public void walk(long start, long end, long[] views, boolean mayBeShared, PageSink sink) {
        long[] request = new long[2 + views.length];
        request[0] = start;
        request[1] = end;
        System.arraycopy(views, 0, request, 2, views.length);
        requests.add(request);
        sink.run(start, end, RunState.of(RunState.PRESENT, views.length, 0));
    }

    @Override
    public void close() {
    }
}
