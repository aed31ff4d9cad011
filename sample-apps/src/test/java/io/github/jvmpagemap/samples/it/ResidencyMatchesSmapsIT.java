package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionLayout;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures the agent prints agree with the kernel's own accounting: on an idle app, for
 * every region, resident and swapped equal smaps Rss and Swap summed over the region's ranges,
 * and committed equals the size of its accessible mappings, read while the app is stopped
 * right after the table was printed. On every installed JDK and every collector, on the portable
 * path and (JDK 22+) the fast one.
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
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=1h,print=1s"),
                path.jvmArgs(List.of(gc.flag, "-Xmx512m")), "idle")) {
            app.awaitStdout("ready");
            // Only tables after the first are compared: from the second scan on, the fast path reads
            // just the mappings inside the regions.
            RegionLayout layout = LayoutOracle.of(jdk, app.pid());
            assertTrue(layout.problems().isEmpty(), () -> "the oracle's own layout: " + layout.problems());
            int next = app.tables().size() + 1; // the table being printed now may predate the jcmd calls
            List<String> mismatches = List.of();
            PrintedTable table = null;
            for (int attempt = 0; attempt < SmapsAgreement.ATTEMPTS; attempt++, next++) {
                app.awaitTable(next);
                int index = next;
                Observation seen = app.whileStopped(() -> Observation.of(app.pid(), app.tables().get(index)));
                table = seen.table;
                mismatches = mismatches(seen, layout);
                if (mismatches.isEmpty()) {
                    break;
                }
            }
            assertEquals(List.of(), mismatches, app::transcript);

            PrintedTable last = table;
            assertEquals(expectedCollector(gc), last.collector(), app::transcript);
            assertEquals(path.method(), last.method());
            assertEquals(path.shouldAskForMappings(), ScanPath.asksForMappings(app.pid()),
                    "PROCMAP_QUERY for the mappings exactly on the fast path on Linux 6.11+");
            assertEquals(List.of(), last.warnings());
            for (PrintedTable.Row row : last.rows()) {
                Expect.atMost(row.resident(), row.committed(), () -> row.name() + " resident <= committed");
                Expect.atMost(row.committed(), row.reserved(), () -> row.name() + " committed <= reserved");
            }
            assertEquals(3, last.subRegionsOf(Region.CODE_CACHE).size(), () -> "code heaps: " + last.rows());
            if (gc == Gc.PARALLEL || gc == Gc.SERIAL) {
                assertEquals(3, last.subRegionsOf(Region.JAVA_HEAP).size(), () -> "heap spaces: " + last.rows());
            }
            boolean multiMapped = layout.regions().get(0).views().length > 0;
            assertEquals(multiMapped, last.extraViews() > 0, "extra views shown exactly when the heap is multi-mapped");
            assertEquals(multiMapped, !last.notes().isEmpty(), () -> "notes: " + last.notes());
        }
    }

    /** Every disagreement between the table and the kernel's accounting, empty if none. */
    private static List<String> mismatches(Observation seen, RegionLayout layout) {
        return SmapsAgreement.mismatches(SmapsAgreement.Figures.of(seen.table), seen.kernel, layout);
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

    /** What the agent printed and what the kernel said, at one instant. */
    record Observation(PrintedTable table, SmapsAgreement.KernelView kernel) {
        static Observation of(long pid, PrintedTable table) throws java.io.IOException {
            SmapsAgreement.KernelView kernel = SmapsAgreement.KernelView.of(pid);
            assertFalse(kernel.vmRss() < 0, "VmRSS in /proc/" + pid + "/status");
            return new Observation(table, kernel);
        }
    }
}
