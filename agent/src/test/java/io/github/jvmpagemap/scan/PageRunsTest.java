package io.github.jvmpagemap.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRunsTest {
    private final List<String> out = new ArrayList<>();
    private final PageRuns runs = new PageRuns((start, end, state) -> out.add(start + "-" + end + " " + state.label()));

    @Test
    void adjacentRunsInTheSameStateReachTheSinkAsOne() throws IOException {
        runs.add(0, 4, PageState.HUGE);
        runs.add(4, 8, PageState.HUGE);
        runs.add(8, 9, PageState.ZERO);
        runs.add(9, 12, PageState.NOT_PRESENT);
        runs.add(12, 16, PageState.NOT_PRESENT);
        runs.flush();

        assertEquals(List.of("0-8 huge", "8-9 zero", "9-16 not present"), out);
    }

    @Test
    void aGapOrAnEmptyRunEndsNothingAndFlushingTwiceWritesOnce() throws IOException {
        runs.add(0, 4, PageState.RESIDENT);
        runs.add(4, 4, PageState.SWAPPED);
        runs.add(6, 8, PageState.RESIDENT);
        runs.flush();
        runs.flush();

        assertEquals(List.of("0-4 resident", "6-8 resident"), out);
    }
}
