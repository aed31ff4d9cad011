package io.github.jvmpagemap.scan;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A page table for tests outside this package: every page is present (in every view), with the
 * same further {@link RunState} flags, and every walk is recorded as {@code {start, end, views...}}.
 */
public final class AllPresentPageTable implements PageTable {
    private final List<long[]> requests = new ArrayList<>();
    private final long flags;
    private final Set<Capability> measures;

    /** Plain present pages; measures nothing beyond them. */
    public AllPresentPageTable() {
        this(0);
    }

    /** Present pages with {@code flags}, measuring {@code measures}. */
    public AllPresentPageTable(long flags, Capability... measures) {
        this.flags = flags;
        this.measures = measures.length == 0 ? EnumSet.noneOf(Capability.class) : EnumSet.of(measures[0], measures);
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
    public boolean measures(Capability capability) {
        return measures.contains(capability);
    }

    @Override
    public void walk(long start, long end, long[] views, Sharing sharing, PageSink sink) {
        long[] request = new long[2 + views.length];
        request[0] = start;
        request[1] = end;
        System.arraycopy(views, 0, request, 2, views.length);
        requests.add(request);
        sink.run(start, end, RunState.of(RunState.PRESENT | flags, views.length, 0));
    }

    @Override
    public void close() {
    }
}
