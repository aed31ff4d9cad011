package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.SamplesNative;
import io.github.jvmpagemap.samples.it.kernel.Range;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory in far more runs than one call of the page-table walk returns: 256 MiB with every other
 * page written (the {@code fragmented} sample), 32,768 present runs between 32,768 absent ones.
 * Each path counts every page once: a page-map snapshot's runs inside the mapping cover it exactly,
 * without overlap, and the present ones add up to smaps' Rss of the mapping, half of it.
 */
class FragmentedMemoryIT {
    private static final long MAPPED = 256L << 20;
    private static final Pattern MAPPED_LINE = Pattern.compile("mapped 0x(\\p{XDigit}+) of 256 MiB");

    @TempDir
    Path dir;

    @Cases(paths = {PORTABLE, FAST})
    void everyPageOfAFragmentedMappingIsCountedOnce(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("fragmented").agent("interval=1h").jvmArgs("-Xmx128m", SamplesNative.property()));
        Matcher line = app.stdout().stream().map(MAPPED_LINE::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("no mapped line:\n" + app.transcript()));
        long start = Long.parseUnsignedLong(line.group(1), 16);
        Range mapping = new Range(start, start + MAPPED);

        Path file = dir.resolve("fragmented.jfr");
        app.agent().snapshot(file);
        long rss = app.whileStopped(() -> SmapsFields.sum(app.pid(), List.of(mapping), "Rss"));

        List<RecordedEvent> runs = new ArrayList<>();
        for (RecordedEvent run : JfrFiles.events(file, JfrFiles.PAGE_RUN_EVENT)) {
            if (run.getLong("start") < mapping.end() && run.getLong("end") > mapping.start()) {
                runs.add(run);
            }
        }
        runs.sort(Comparator.comparingLong(r -> r.getLong("start")));
        long overlaps = 0;
        long covered = 0;
        long previousEnd = mapping.start();
        Map<String, Long> bytesByState = new HashMap<>();
        for (RecordedEvent run : runs) {
            long from = Math.max(run.getLong("start"), mapping.start());
            long to = Math.min(run.getLong("end"), mapping.end());
            overlaps += from < previousEnd ? 1 : 0;
            previousEnd = Math.max(previousEnd, to);
            covered += to - from;
            bytesByState.merge(run.getString("state"), to - from, Long::sum);
        }
        long present = bytesByState.getOrDefault("resident", 0L) + bytesByState.getOrDefault("huge", 0L)
                + bytesByState.getOrDefault("zero", 0L);
        String seen = runs.size() + " runs, " + overlaps + " overlapping, by state " + bytesByState + "; smaps Rss "
                + rss + "\n" + app.transcript();
        assertEquals(MAPPED / 2, rss, () -> "the sample wrote every other page: " + seen);
        assertEquals(0, overlaps, seen);
        assertEquals(MAPPED, covered, seen);
        assertEquals(rss, present, seen);
        assertTrue(runs.size() >= MAPPED / 4096, () -> "a run per page at least: " + seen);
    }
}
