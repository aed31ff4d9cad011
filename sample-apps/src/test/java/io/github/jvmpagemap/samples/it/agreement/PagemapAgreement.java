package io.github.jvmpagemap.samples.it.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.HeapRegionTable;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's committed, resident and swapped figures against the pagemap, page for page: what
 * the tests themselves read from the app's {@code /proc/<pid>/pagemap} (bit 63 present, bit 62
 * swapped) over the accessible mappings inside the oracle's ranges, while the app is stopped. So
 * both scan paths are held to exactly the pages the kernel shows, and through it to each other.
 */
public final class PagemapAgreement {
    private PagemapAgreement() {
    }

    /**
     * The figures of an idle {@code app} on {@code path}, whose heap of {@code heapBytes} is
     * pre-touched, agree with the pagemap page for page in a reading, and the JVM warned of nothing.
     */
    public static void assertAgrees(App app, ScanPath path, long heapBytes) throws Exception {
        SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, PagemapAgreement::mismatches);
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        assertEquals(path.method(), reading.report().method(), app::transcript);
        assertEquals(heapBytes, reading.report().region(Region.JAVA_HEAP).resident(), "the pre-touched heap is all resident");
        assertFalse(app.stderr().stream().anyMatch(l -> l.contains("WARNING")), app::transcript);
    }

    /**
     * Every region and sub-region whose figures differ from the pagemap's by a single page. A heap
     * split by region type (G1, Shenandoah) is compared as a whole, its types by their sums: the
     * types change with every allocation of the tests' own calls, after the scan and before the
     * oracle can read the table again, and a page-exact comparison needs a layout that holds still
     * from the scan to the stop (HeapRegionTypesIT compares the types with the table and smaps).
     */
    public static List<String> mismatches(Report report, KernelView kernel, Layout layout) {
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

    private static void compare(List<String> out, Region region, Report.Row row, KernelView kernel) {
        Totals pagemap = Totals.pagemap(kernel, region);
        // A difference here (a G1 region changed type since the oracle read the table) reads the layout again.
        Expect.check(out, 0, region.reservedBytes(), row.reserved(), region.name() + " reserved vs the oracle's layout");
        Expect.check(out, 0, pagemap.size(), row.committed(), region.name() + " committed vs accessible pages");
        Expect.check(out, 0, pagemap.rss(), row.resident(), region.name() + " resident vs present pages");
        Expect.check(out, 0, pagemap.swap(), row.swapped(), region.name() + " swapped vs swapped pages");
    }
}
