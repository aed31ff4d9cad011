package io.github.jvmpagemap.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.recording.Timeline;
import io.github.jvmpagemap.recording.TimelineSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTextTest {

    @Test
    void theSummaryTellsTheSpanTheRowsAndTheirGrowthInUtc() {
        Timeline t = TimelinePageTest.timeline(3600, 12, List.of());

        String text = TimelineText.format(t, TimelineSummary.of(t), false);

        assertTrue(text.startsWith("jvm-pagemap recording rec.jfr of process 42\n3600 scans from 2026-12-07 03:00:00"
                + " UTC to 2026-12-07 03:59:59 UTC (59 min 59 s, a scan every 1 s)\n"), text);
        String row0 = text.lines().filter(l -> l.startsWith("Row 0 ")).findFirst().orElseThrow();
        // 1 MiB and a page more at each scan: 1 MiB at the first, 1 MiB + 3599 pages at the last.
        assertEquals(List.of("Row 0", "1.000 MiB", "15.06 MiB", "1.000 MiB", "15.06 MiB", "03:59:59", "+14.06 MiB"),
                List.of(row0.trim().split("\\s{2,}")));
        assertTrue(text.contains("Collections: 1 (G1New 1); paused 12.0 ms in all, the longest 12.0 ms (G1New, G1"
                + " Evacuation Pause) at 03:00:10"), text);
        assertFalse(text.contains("Swapped"), "nothing was swapped: no swapped table");
    }

    @Test
    void subRowsOtherThanTheHeapsAreShownWithRowsAll() {
        Timeline t = TimelinePageTest.timeline(3, 12, List.of());

        String some = TimelineText.format(t, TimelineSummary.of(t), false);
        String all = TimelineText.format(t, TimelineSummary.of(t), true);

        assertFalse(some.contains("  Sub 10"), some);
        assertTrue(all.contains("  Sub 10") && all.contains("  Sub 11"), all);
    }

    @Test
    void theAgentsMessagesAreListedAndCannotActOnTheTerminal() {
        Timeline t = TimelinePageTest.timeline(3, 2, List.of(new Timeline.Message(Instant.parse(
                "2026-12-07T03:00:01Z"), "note", "esc\u001b[31mRED\nsecond line")));

        String text = TimelineText.format(t, TimelineSummary.of(t), false);

        assertTrue(text.contains("The agent said:\n  03:00:01 note: esc\\u001b[31mRED\\nsecond line\n"), text);
        assertEquals(-1, text.indexOf('\u001b'));
    }
}
