package io.github.jvmpagemap.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * A page table for tests outside this package: every page is present, and every request is
 * recorded as {@code {start, end, views...}}.
 */
public final class AllPresentPageTable implements PageTable {
    private final long pageSize;
    private final List<long[]> requests = new ArrayList<>();

    public AllPresentPageTable(long pageSize) {
        this.pageSize = pageSize;
    }

    /** Each request: start, end, then the view offsets. */
    public List<long[]> requests() {
        return requests;
    }

    @Override
    public String method() {
        return "all-present";
    }

    @Override
    public void count(long start, long end, long[] views, PageCounts counts) {
        long[] request = new long[2 + views.length];
        request[0] = start;
        request[1] = end;
        System.arraycopy(views, 0, request, 2, views.length);
        requests.add(request);
        long pages = (end - start) / pageSize;
        counts.examined += pages;
        counts.present += pages;
        counts.extraViewPresent += pages * views.length;
    }

    @Override
    public void runs(long start, long end, long[] views, PageRuns runs) throws java.io.IOException {
        runs.add(start, end, PageState.RESIDENT);
    }

    @Override
    public void close() {
    }
}
