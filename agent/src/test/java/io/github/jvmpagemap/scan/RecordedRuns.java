package io.github.jvmpagemap.scan;

import java.util.ArrayList;
import java.util.List;

/** A sink for tests: each run as {@code "first-end state"} in pages, and the errors said. */
public final class RecordedRuns implements PageSink {
    private final long pageSize;
    public final List<String> runs = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();

    public RecordedRuns(long pageSize) {
        this.pageSize = pageSize;
    }

    @Override
    public void run(long from, long to, long state) {
        String label = RunState.is(state, RunState.UNREADABLE) ? "unreadable" : PageState.of(state).label();
        runs.add(from / pageSize + "-" + to / pageSize + " " + label);
    }

    @Override
    public void error(String message) {
        errors.add(message);
    }
}
