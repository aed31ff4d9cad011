package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.HeapRegionTable;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code method=scan} and {@code method=pagemap} each count exactly the pages the kernel shows:
 * the committed, resident and swapped figures of {@code report --json} for every region and
 * sub-region (a heap split by region type as a whole, its types by their sums) of an idle JVM with a pre-touched heap equal, page for page, what the test itself
 * reads from the app's {@code /proc/<pid>/pagemap} (bit 63 present, bit 62 swapped) over the
 * accessible mappings inside the oracle's ranges, while the app is stopped. Every collector
 * with 4 KiB pages, and G1 with transparent huge pages. So the two methods agree with each other
 * through the kernel. The scan side reads the mappings by PROCMAP_QUERY (Linux 6.11+). Each app
 * costs a few seconds, so {@code method=pagemap}, the same code on every JDK, runs on the oldest
 * JDK only (on every JDK when the agent jar has no fast path).
 */
class MethodsAgreeIT {
    static final long HEAP = 256L << 20;

    static Stream<Arguments> jdksCollectorsPageSizesAndMethods() {
        // Transparent huge pages with the default collector only: how a collector lays out its heap
        // does not change how a huge page is read, and each case costs an app.
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Gc.values()).flatMap(gc -> Stream.of("4k", "thp")
                .filter(pages -> pages.equals("4k") || gc == Gc.G1)
                .flatMap(pages -> Stream.of("scan", "pagemap").map(method -> Arguments.of(jdk, gc, pages, method)))));
    }

    @ParameterizedTest(name = "{0} {1} {2} method={3}")
    @MethodSource("jdksCollectorsPageSizesAndMethods")
    void everyRegionsPagesAreCountedAsThePagemapShowsThem(Jdk jdk, Gc gc, String pages, String method)
            throws Exception {
        assumeTrue(!method.equals("scan") || jdk.feature() >= 22,
                "PAGEMAP_SCAN through FFM needs JDK 22+; " + jdk + " has the pagemap path only");
        assumeTrue(!method.equals("scan") || AgentJar.hasJava22Overlay(),
                "the agent jar was built without the JDK 22 overlay");
        Jdk oldest = Jdk.installed().get(0);
        assumeTrue(!method.equals("pagemap") || jdk.equals(oldest) || !AgentJar.hasJava22Overlay(),
                "method=pagemap is the same code on every JDK: checked on the oldest, " + oldest);
        List<String> flags = new ArrayList<>(List.of(gc.flag, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
        if (pages.equals("thp")) {
            flags.add("-XX:+UseTransparentHugePages");
        }
        if (method.equals("scan")) {
            flags.add(0, "--enable-native-access=ALL-UNNAMED");
        }
        try (ChildJvm app = ChildJvm.start(jdk, "interval=100ms,detail=basic,method=" + method, flags, "idle")) {
            app.awaitStdout("ready");
            SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> LayoutOracle.of(jdk, app.pid()),
                    () -> CommandLineRun.jsonReport(jdk, app.pid()), MethodsAgreeIT::mismatches);
            assertEquals(List.of(), reading.mismatches(), app::transcript);
            Report report = reading.report();
            assertEquals(method, report.method(), app::transcript);
            assertEquals(HEAP, report.region(Region.JAVA_HEAP).resident(), "the pre-touched heap is all resident");
            assertFalse(app.stderr().stream().anyMatch(l -> l.contains("WARNING")), app::transcript);
            if (method.equals("scan")) {
                assertEquals(ScanPath.kernelAtLeast(6, 11), ScanPath.asksForMappings(app.pid()),
                        "the scan side asks the kernel for its mappings where it can (Linux 6.11+)");
            }
        }
    }

    /**
     * Every region and sub-region whose figures differ from the pagemap's by a single page. A heap
     * split by region type (G1, Shenandoah) is compared as a whole, its types by their sums: the
     * types change with every allocation of the report's own connection, after its scan and before
     * the oracle can read the table again, and a page-exact comparison needs a layout that holds
     * still from the scan to the stop (HeapRegionTypesIT and ResidencyMatchesSmapsIT compare the
     * types with the table and smaps).
     */
    private static List<String> mismatches(Report report, SmapsAgreement.KernelView kernel, Layout layout) {
        List<String> out = new ArrayList<>();
        for (Region region : layout.regions()) {
            compare(out, region, report.region(region.name()), kernel);
            if (HeapRegionTable.splitsByRegionType(region)) {
                SmapsAgreement.typesAddUp(out, report.region(region.name()), report.subRegionsOf(region.name()));
                continue;
            }
            for (Region sub : region.subRegions()) {
                Report.Row row = report.subRegionsOf(region.name()).stream().filter(r -> r.name().equals(sub.name()))
                        .findFirst().orElse(null);
                if (row == null) {
                    out.add("no row for " + sub.name() + " in " + report.rows());
                } else {
                    compare(out, sub, row, kernel);
                }
            }
        }
        return out;
    }

    private static void compare(List<String> out, Region region, Report.Row row, SmapsAgreement.KernelView kernel) {
        SmapsAgreement.Totals pagemap = SmapsAgreement.Totals.pagemap(kernel, region);
        // A difference here (a G1 region changed type since the oracle read the table) reads the layout again.
        SmapsAgreement.check(out, 0, region.reservedBytes(), row.reserved(),
                region.name() + " reserved vs the oracle's layout");
        SmapsAgreement.check(out, 0, pagemap.size, row.committed(), region.name() + " committed vs accessible pages");
        SmapsAgreement.check(out, 0, pagemap.rss, row.resident(), region.name() + " resident vs present pages");
        SmapsAgreement.check(out, 0, pagemap.swap, row.swapped(), region.name() + " swapped vs swapped pages");
    }
}
