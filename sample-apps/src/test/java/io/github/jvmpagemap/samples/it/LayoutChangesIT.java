package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.JmxClient;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.PrintedTable;
import io.github.jvmpagemap.samples.it.published.Report;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When the layout moves the agent follows: metaspace gains nodes, the code cache commits more,
 * Parallel's eden and survivors move as the young generation resizes; the figures read through
 * JMX then agree with the tests' own oracle and smaps. On both paths: the fast one reads only
 * the mappings inside the regions it knows, and must read again when they grow.
 */
class LayoutChangesIT {
    static final long FIRST_NODE = 64L << 20;

    static Stream<Arguments> jdksAndPaths() {
        return Jdk.installed().stream().flatMap(jdk -> ScanPath.on(jdk).map(path -> Arguments.of(jdk, path)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void metaspaceGainsNodesAndTheyAreFound(Jdk jdk, ScanPath path) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=500ms"), path.jvmArgs(List.of("-Xmx512m")),
                "metaspace")) {
            app.awaitStdout("metaspace: ready");
            try (JmxClient client = JmxClient.connect(app.pid()).awaitBeans()) {
                // The nodes the oracle lists now, with their mappings, are what the agent must have found.
                SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> LayoutOracle.of(jdk, app.pid()),
                        client::report, SmapsAgreement.mismatchesOf(Region.METASPACE));
                assertEquals(List.of(), reading.mismatches(), app::transcript);
                Report.Row grown = reading.report().region(Region.METASPACE);
                assertTrue(grown.reserved() > FIRST_NODE, () -> "nodes beyond the first 64 MiB:\n" + app.transcript());
                assertTrue(grown.committed() > FIRST_NODE, () -> "committed beyond the first node:\n" + app.transcript());
                assertTrue(grown.resident() <= grown.committed() && grown.committed() <= grown.reserved(),
                        grown::toString);
                assertEquals(List.of(), reading.report().problems());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void codeCacheGrowthIsSeen(Jdk jdk, ScanPath path) throws Exception {
        // 12 MiB of code: the growth starts at once, and the first figures a client can read (once
        // the agent has printed its first table) come after some of it.
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=500ms,print=1s"),
                path.jvmArgs(List.of("-Xmx512m", "-Dsamples.jit.mib=12")), "jit")) {
            app.awaitStderr(PrintedTable.LAST_LINE);
            try (JmxClient client = JmxClient.connect(app.pid()).awaitBeans()) {
                Report.Row first = client.report().region(Region.CODE_CACHE);
                app.awaitStdout("jit: ready");
                SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> LayoutOracle.of(jdk, app.pid()),
                        client::report, SmapsAgreement.mismatchesOf(Region.CODE_CACHE));
                assertEquals(List.of(), reading.mismatches(), app::transcript);
                Report.Row grown = reading.report().region(Region.CODE_CACHE);
                assertEquals(first.reserved(), grown.reserved(), "the code cache is reserved once");
                // Part of the growth lands on pages that were already resident, so resident grows by less.
                assertTrue(grown.committed() > first.committed(), () -> "more code committed:\n" + app.transcript());
                assertTrue(grown.resident() >= first.resident() + (6L << 20),
                        () -> "at least 6 MiB more code resident: " + first + " then " + grown + "\n" + app.transcript());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void parallelSpacesFollowTheYoungGenerationThroughChurn(Jdk jdk, ScanPath path) throws Exception {
        List<String> flags = path.jvmArgs(List.of("-XX:+UseParallelGC", "-Xmx256m"));
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=200ms"), flags, "churn");
                JmxClient client = JmxClient.connect(awaitRunning(app)).awaitBeans()) {
            Instant previous = Instant.EPOCH;
            // Five readings a second apart, while the young generation resizes.
            for (int scans = 0; scans < 5; ) {
                Report report = client.report();
                if (report.time().isBefore(previous.plusSeconds(1))) {
                    Thread.sleep(100);
                    continue;
                }
                previous = report.time();
                scans++;
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

    private static long awaitRunning(ChildJvm app) {
        app.awaitStdout("churn: running");
        return app.pid();
    }
}
