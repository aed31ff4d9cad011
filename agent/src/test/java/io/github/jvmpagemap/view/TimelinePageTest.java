package io.github.jvmpagemap.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.recording.Timeline;
import io.github.jvmpagemap.recording.TimelineSummary;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.scan.Detail;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelinePageTest {
    private static final long MIB = 1L << 20;
    private static final Instant START = Instant.parse("2026-12-07T03:00:00Z");

    /** {@code scans} scans a second apart, each with {@code rows} rows of a few MiB, VmRSS climbing. */
    static Timeline timeline(int scans, int rows, List<Timeline.Message> messages) {
        List<Residency> all = new ArrayList<>(scans);
        for (int i = 0; i < scans; i++) {
            List<RegionResidency> regions = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                long[] values = new long[Figure.MEASURED.size()];
                values[Figure.MEASURED.indexOf(Figure.RESIDENT)] = (r + 1) * MIB + i * 4096L;
                values[Figure.MEASURED.indexOf(Figure.COMMITTED)] = 1024 * MIB;
                regions.add(RegionResidency.of(r < 10 ? "Row " + r : "Row 0", r < 10 ? null : "Sub " + r,
                        r < 5 ? RowKind.JVM_REGION : RowKind.PROCESS_CATEGORY, values));
            }
            long attributed = regions.stream().filter(x -> !x.isSubRegion()).mapToLong(x -> x.get(Figure.RESIDENT)).sum();
            all.add(new Residency(START.plusSeconds(i), 5_000_000, "scan", Detail.FULL, "G1", regions,
                    attributed + (i % 7) * 4096L, 0, 0, 1000, List.of(), -1, List.of()));
        }
        return new Timeline(List.of(Path.of("rec.jfr")), 42, List.copyOf(all),
                List.of(new Timeline.Collection(START.plusSeconds(10), "G1New", "G1 Evacuation Pause",
                        Duration.ofMillis(12), Duration.ofMillis(12))), messages, List.of(), List.of());
    }

    @Test
    void anHourAtAScanASecondIsAPageUnderTwoMegabytes() {
        Timeline t = timeline(3600, 25, List.of());

        String page = TimelinePage.format(t, TimelineSummary.of(t), List.of());

        assertTrue(page.length() < 2_000_000, () -> page.length() + " characters");
        assertFalse(page.contains("id=\"reduction\""), "every scan drawn");
    }

    @Test
    void aLongerRecordingIsReducedKeepingEachPairsHigherVmRssAndSaysSo() {
        Timeline t = timeline(7200, 3, List.of());

        List<Residency> shown = TimelinePage.reduced(t.scans());
        String page = TimelinePage.format(t, TimelineSummary.of(t), List.of());

        assertEquals(3600, shown.size());
        for (int i = 0; i < shown.size(); i++) {
            Residency a = t.scans().get(2 * i);
            Residency b = t.scans().get(2 * i + 1);
            assertEquals(b.processResidentBytes() > a.processResidentBytes() ? b : a, shown.get(i));
        }
        assertTrue(page.contains("3600 scans shown of 7200; of each 2 scans in a row the one with the highest VmRSS"),
                "the page says how it was reduced");
    }

    @Test
    void itsPolicyAllowsItsOwnScriptsOnlyAndWhatTheApplicationNamedIsTextOnly() throws Exception {
        String hostile = "<img src=x onerror=alert(1)> \"q\" 'q' & </script><!--";
        Timeline t = timeline(3, 2, List.of(new Timeline.Message(START, "problem", hostile)));

        String page = TimelinePage.format(t, TimelineSummary.of(t), List.of());

        ResidencyPageTest.assertPolicyAllowsOnlyItsOwn(page);
        assertFalse(page.contains("<img"), "no markup of the message's");
        assertFalse(page.contains("<!--"), "no comment opened by it");
        assertTrue(page.contains("problem: &lt;img src=x onerror=alert(1)&gt; &quot;q&quot; &#39;q&#39; &amp; &lt;/script&gt;"),
                "the message listed as text");
        // The error hook, the series, the snapshots' cells and the page's script: no element the message closed.
        assertEquals(4, page.split("</script>", -1).length - 1);
    }
}
