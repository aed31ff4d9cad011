package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.PrintedTable;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures the agent publishes ({@code report <pid> --json}) agree with the kernel's own
 * accounting: on an idle app, for every region and sub-region, resident and swapped equal smaps
 * Rss and Swap summed over the ranges the tests' own oracle found, and committed equals the size
 * of the accessible mappings there, read while the app is stopped right after the report. On
 * every installed JDK and every collector, on the portable path and (JDK 22+) the fast one.
 */
class ResidencyMatchesSmapsIT {
    static Stream<Arguments> jdksAndCollectors() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Gc.values()).map(gc -> Arguments.of(jdk, gc)));
    }

    static Stream<Arguments> jdksCollectorsAndPaths() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Gc.values())
                .flatMap(gc -> ScanPath.on(jdk).map(path -> Arguments.of(jdk, gc, path))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("jdksCollectorsAndPaths")
    void everyRegionMatchesSmapsOnAnIdleApp(Jdk jdk, Gc gc, ScanPath path) throws Exception {
        // The shortest interval: the scan a report reads comes after its JMX connection's allocations.
        // Shenandoah commits its heap a region at a time as allocations take regions never used
        // (the report's own JMX connection's, after the scan it reads): a fixed-size heap keeps
        // committed still between the scan and smaps, as the other collectors' heaps are here.
        List<String> jvmArgs = gc == Gc.SHENANDOAH ? List.of(gc.flag, "-Xms512m", "-Xmx512m")
                : List.of(gc.flag, "-Xmx512m");
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=100ms,print=1s"),
                path.jvmArgs(jvmArgs), "idle")) {
            app.awaitStdout("ready");
            SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> LayoutOracle.of(jdk, app.pid()),
                    () -> CommandLineRun.jsonReport(jdk, app.pid()), SmapsAgreement::mismatches);
            assertEquals(List.of(), reading.mismatches(), app::transcript);

            Report report = reading.report();
            // From the second scan on, the fast path reads just the mappings inside the regions.
            assertTrue(report.scanCount() >= 2, "a scan after the first: " + report.scanCount());
            assertEquals(expectedCollector(gc), report.collector(), app::transcript);
            assertEquals(path.method(), report.method());
            assertEquals(path.shouldAskForMappings(), ScanPath.asksForMappings(app.pid()),
                    "PROCMAP_QUERY for the mappings exactly on the fast path on Linux 6.11+");
            assertEquals(List.of(), report.problems());
            for (Report.Row row : report.rows()) {
                assertTrue(row.resident() <= row.committed(), () -> row.name() + " resident <= committed");
                assertTrue(row.committed() <= row.reserved(), () -> row.name() + " committed <= reserved");
            }
            assertEquals(3, report.subRegionsOf(Region.CODE_CACHE).size(), () -> "code heaps: " + report.rows());
            if (gc == Gc.PARALLEL || gc == Gc.SERIAL) {
                assertEquals(3, report.subRegionsOf(Region.JAVA_HEAP).size(), () -> "heap spaces: " + report.rows());
            }
            boolean multiMapped = reading.layout().multiMapped();
            assertEquals(multiMapped, report.extraViews() > 0, "extra views shown exactly when the heap is multi-mapped");
            // The printed table explains the extra views in a note, and only then.
            app.awaitStderr(PrintedTable.LAST_LINE);
            assertEquals(multiMapped, app.stderr().stream().anyMatch(l -> l.startsWith("note: ")), app::transcript);
        }
    }

    static String expectedCollector(Gc gc) {
        return switch (gc) {
            case G1 -> "G1";
            case PARALLEL -> "Parallel";
            case SERIAL -> "Serial";
            case ZGC -> "ZGC";
            case SHENANDOAH -> "Shenandoah";
        };
    }
}
