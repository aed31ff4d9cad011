package io.github.jvmpagemap.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageRunsTest {
    private final RecordedRuns out = new RecordedRuns(1);
    private final PageRuns runs = new PageRuns(out);

    @Test
    void adjacentRunsInTheSameStateReachTheSinkAsOne() {
        runs.run(0, 4, RunState.PRESENT | RunState.HUGE);
        runs.run(4, 8, RunState.PRESENT | RunState.HUGE);
        runs.run(8, 9, RunState.PRESENT | RunState.ZERO);
        runs.run(9, 12, RunState.NOT_PRESENT);
        runs.run(12, 16, RunState.NOT_PRESENT);
        runs.flush();

        assertEquals(List.of("0-8 huge", "8-9 zero", "9-16 not present"), out.runs);
    }

    @Test
    void aGapOrAnEmptyRunEndsNothingAndFlushingTwiceWritesOnce() {
        runs.run(0, 4, RunState.PRESENT);
        runs.run(4, 4, RunState.SWAPPED);
        runs.run(6, 8, RunState.PRESENT);
        runs.flush();
        runs.flush();

        assertEquals(List.of("0-4 resident", "6-8 resident"), out.runs);
    }

    @Test
    void runsThatDifferOnlyInMapCountStaySeparate() {
        runs.run(0, 1, RunState.of(RunState.PRESENT, 0, 1));
        runs.run(1, 2, RunState.of(RunState.PRESENT, 0, 2));
        runs.error("why");
        runs.run(2, 3, RunState.of(RunState.PRESENT, 0, 2));
        runs.flush();

        assertEquals(List.of("0-1 resident", "1-2 resident", "2-3 resident"), out.runs);
        assertEquals(List.of("why"), out.errors);
    }
}
