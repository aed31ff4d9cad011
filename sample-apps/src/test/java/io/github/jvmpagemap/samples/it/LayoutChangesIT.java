package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.PrintedTable;
import io.github.jvmpagemap.samples.it.published.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Order;

/**
 * When the layout moves the agent follows: metaspace gains nodes, the code cache commits more,
 * Parallel's eden and survivors move as the young generation resizes; the figures read through
 * JMX then agree with the tests' own oracle and smaps. On both paths.
 *
 * <p>Started first ({@code @Order}): the compilers take a while over twelve MiB of code, which the
 * run should not wait for at its end.
 */
@Order(1)
class LayoutChangesIT {
    static final long FIRST_NODE = 64L << 20;

    @Cases(paths = {PORTABLE, FAST})
    void metaspaceGainsNodesAndTheyAreFound(Case c, Apps apps) throws Exception {
        // Defining 150 MiB of classes takes seconds on a quiet machine and minutes on a loaded one.
        App app = apps.start(c.app("metaspace").agent("interval=500ms").jvmArgs("-Xmx512m").readyWhen(null));
        app.awaitStdout("ready", Duration.ofMinutes(4));
        // The nodes the oracle lists now, with their mappings, are what the agent must have found.
        SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, SmapsAgreement.mismatchesOf(Region.METASPACE));
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Report.Row grown = reading.report().region(Region.METASPACE);
        assertTrue(grown.reserved() > FIRST_NODE, () -> "nodes beyond the first 64 MiB:\n" + app.transcript());
        assertTrue(grown.committed() > FIRST_NODE, () -> "committed beyond the first node:\n" + app.transcript());
        assertTrue(grown.resident() <= grown.committed() && grown.committed() <= grown.reserved(), grown::toString);
        assertEquals(List.of(), reading.report().problems());
    }

    @Cases(paths = {PORTABLE, FAST})
    void codeCacheGrowthIsSeen(Case c, Apps apps) throws Exception {
        // 12 MiB of code: the growth starts at once, and the first figures a client can read (once
        // the agent has printed its first table) come after some of it.
        App app = apps.start(c.app("jit").agent("interval=500ms,print=1s").jvmArgs("-Xmx512m", "-Dsamples.jit.mib=12")
                .readyWhen(null));
        app.awaitStderr(PrintedTable.LAST_LINE);
        Report.Row first = app.agent().report().region(Region.CODE_CACHE);
        // Twelve MiB of code: on a loaded machine the compilers take minutes over it.
        app.awaitStdout("jit: ready", Duration.ofMinutes(3));
        SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, SmapsAgreement.mismatchesOf(Region.CODE_CACHE));
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Report.Row grown = reading.report().region(Region.CODE_CACHE);
        assertEquals(first.reserved(), grown.reserved(), "the code cache is reserved once");
        // Part of the growth lands on pages that were already resident, so resident grows by less.
        assertTrue(grown.committed() > first.committed(), () -> "more code committed:\n" + app.transcript());
        assertTrue(grown.resident() >= first.resident() + (6L << 20),
                () -> "at least 6 MiB more code resident: " + first + " then " + grown + "\n" + app.transcript());
    }

    @Cases(collectors = Gc.PARALLEL, paths = {PORTABLE, FAST})
    void parallelSpacesFollowTheYoungGenerationThroughChurn(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("churn").agent("interval=200ms").jvmArgs("-Xmx256m"));
        Instant previous = Instant.EPOCH;
        // Five readings a second apart, while the young generation resizes.
        for (int scans = 0; scans < 5; scans++) {
            Report report = app.agent().reportOfAScanAfter(previous.plusSeconds(1));
            previous = report.time();
            assertEquals(List.of(), report.problems());
            List<Report.Row> spaces = report.subRegionsOf(Region.JAVA_HEAP);
            assertEquals(List.of("PS Eden Space", "PS Survivor Space", "PS Old Gen"),
                    spaces.stream().map(Report.Row::name).toList());
            long spacesCommitted = spaces.stream().mapToLong(Report.Row::committed).sum();
            Report.Row heap = report.region(Region.JAVA_HEAP);
            assertTrue(spacesCommitted <= heap.committed(), () -> "spaces lie inside the heap: " + report.rows());
            for (Report.Row s : spaces) {
                assertTrue(s.start() >= heap.start() && s.end() <= heap.end(), () -> s + " inside " + heap);
                assertTrue(s.resident() <= s.committed(), () -> s.name() + " resident <= committed");
                assertTrue(s.committed() <= s.reserved(), () -> s.name() + " committed <= reserved");
            }
        }
    }
}
