package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.region.AddressRange;
import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures the agent prints agree with the kernel's own accounting: on an idle app, for
 * every region, resident and swapped equal smaps Rss and Swap summed over the region's ranges,
 * and committed equals the size of its accessible mappings, read while the app is stopped
 * right after the table was printed. On every installed JDK and every collector.
 */
class ResidencyMatchesSmapsIT {
    static final List<String> REGIONS = List.of(Region.JAVA_HEAP, Region.METASPACE, Region.CLASS_SPACE,
            Region.CODE_CACHE, Region.CDS_ARCHIVE);

    static Stream<Arguments> jdksAndCollectors() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Gc.values()).map(gc -> Arguments.of(jdk, gc)));
    }

    /**
     * The JIT keeps compiling (code cache) and profiling (metaspace) for a while after start-up,
     * so a region can move in the few milliseconds between the agent's scan and the SIGSTOP.
     * Up to this many tables are tried; all regions must match within one of them.
     */
    static final int ATTEMPTS = 8;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCollectors")
    void everyRegionMatchesSmapsOnAnIdleApp(Jdk jdk, Gc gc) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1h,print=1s", List.of(gc.flag, "-Xmx512m"), "idle")) {
            app.awaitStdout("ready");
            RegionLayout layout = LayoutOracle.of(jdk, app.pid());
            assertTrue(layout.problems().isEmpty(), () -> "the oracle's own layout: " + layout.problems());
            int next = app.tables().size() + 1; // the table being printed now may predate the jcmd calls
            List<String> mismatches = List.of();
            PrintedTable table = null;
            for (int attempt = 0; attempt < ATTEMPTS; attempt++, next++) {
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
            assertEquals("pagemap", last.method());
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
        List<String> out = new ArrayList<>();
        PrintedTable table = seen.table;
        for (String name : REGIONS) {
            Region region = layout.regions().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("the oracle found no " + name + ": " + layout));
            PrintedTable.Row row = table.region(name);
            Totals first = Totals.over(seen.smaps, region, 0);
            Totals others = new Totals();
            for (long view : region.views()) {
                others.add(Totals.over(seen.smaps, region, view));
            }
            check(out, 0, region.reservedBytes(), row.reserved(), name + " reserved vs the oracle's layout");
            check(out, 0, first.size, row.committed(), name + " committed vs smaps mapping sizes");
            check(out, 0.01, first.swap, row.swapped(), name + " swapped vs smaps Swap");
            if (region.views().length == 0) {
                check(out, 0.01, first.rss, row.resident(), name + " resident vs smaps Rss");
            } else {
                // Multi-mapped (JDK 17's ZGC): physical pages once, every view's Rss accounted for.
                check(out, 0.01, first.rss + others.rss, row.resident() + table.extraViews(),
                        name + " resident + extra views vs smaps Rss of all views");
                if (row.resident() < first.rss * (1 - Expect.PRINT_PRECISION)) {
                    out.add(name + " resident " + row.resident() + " below the first view's Rss " + first.rss);
                }
            }
        }
        check(out, 0.01, seen.vmRss, table.vmRss(), "VmRSS");
        check(out, 0.001, table.vmRss() - table.attributed() - table.extraViews(), table.notAttributed(),
                "not attributed = VmRSS - attributed - extra views");
        return out;
    }

    private static void check(List<String> out, double fraction, long expected, long printed, String what) {
        try {
            Expect.within(fraction, expected, printed, () -> what);
        } catch (AssertionError e) {
            out.add(e.getMessage());
        }
    }

    /** smaps figures summed over the accessible mappings of a region's ranges, shifted by a view offset. */
    static final class Totals {
        long rss;
        long swap;
        long size;

        void add(Totals o) {
            rss += o.rss;
            swap += o.swap;
            size += o.size;
        }

        static Totals over(Smaps smaps, Region region, long view) {
            Totals t = new Totals();
            for (Smaps.Mapping m : smaps.mappings()) {
                if (m.accessible() && overlaps(region.ranges(), m, view)) {
                    assertTrue(contained(region.ranges(), m, view),
                            () -> region.name() + ": mapping straddles the region's ranges: " + m);
                    t.rss += m.rss();
                    t.swap += m.swap();
                    t.size += m.size();
                }
            }
            return t;
        }
    }

    private static boolean overlaps(List<AddressRange> ranges, Smaps.Mapping m, long offset) {
        return ranges.stream().anyMatch(r -> m.start() < r.end() + offset && r.start() + offset < m.end());
    }

    private static boolean contained(List<AddressRange> ranges, Smaps.Mapping m, long offset) {
        return ranges.stream().anyMatch(r -> r.start() + offset <= m.start() && m.end() <= r.end() + offset);
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
    record Observation(PrintedTable table, Smaps smaps, long vmRss) {
        static Observation of(long pid, PrintedTable table) throws java.io.IOException {
            Smaps smaps = Smaps.of(pid);
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            assertFalse(rss < 0, "VmRSS in /proc/" + pid + "/status");
            return new Observation(table, smaps, rss);
        }
    }
}
