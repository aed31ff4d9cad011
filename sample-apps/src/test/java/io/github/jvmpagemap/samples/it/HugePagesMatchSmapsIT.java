package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static io.github.jvmpagemap.samples.it.harness.User.NOBODY;
import static io.github.jvmpagemap.samples.it.harness.User.SELF;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.agreement.PagemapAgreement;
import io.github.jvmpagemap.samples.it.agreement.Readings;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.Range;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap backed by transparent huge pages ({@code -XX:+UseTransparentHugePages
 * -XX:+AlwaysPreTouch}): the Java Heap's hugePage equals the kernel's AnonHugePages for the heap's
 * mappings within 1%, whichever way the agent learns it (the PAGEMAP_SCAN HUGE category, or smaps
 * per mapping on the pagemap path: no bit of pagemap or kpageflags tells PMD-mapped pages), and as
 * root its proportional and shared figures equal smaps Pss and Shared_Clean + Shared_Dirty; each
 * region's pages are counted as the pagemap shows them; a page-map snapshot's heap runs add up to
 * smaps' figures.
 */
class HugePagesMatchSmapsIT {
    static final long HEAP = 512L << 20;

    @TempDir
    Path dir;

    /** An idle app in case {@code c}, its heap pre-touched, on huge pages where the kernel gives them. */
    private static App hugePageApp(Case c, Apps apps) throws IOException {
        Launch app = c.app("idle").agent("interval=1s").jvmArgs("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");
        return apps.start(Requirement.TRANSPARENT_HUGE_PAGES.met() ? app.jvmArgs("-XX:+UseTransparentHugePages") : app);
    }

    /**
     * As root, and as nobody, whom root drops to. As nobody the agent reads no frames: its pages
     * are counted as root's are, which the root case checks.
     */
    @Cases(paths = {FAST, PORTABLE}, users = {SELF, NOBODY})
    @Needs({Requirement.ROOT, Requirement.TRANSPARENT_HUGE_PAGES})
    void aHeapOnHugePagesIsCountedAsTheKernelCountsIt(Case c, Apps apps) throws Exception {
        App app = hugePageApp(c, apps);
        if (c.user() == SELF) {
            assertAll(() -> heapHugePagesMatchAnonHugePages(c, app),
                    () -> everyRegionsPagesAreCountedAsThePagemapShowsThem(c, app));
        } else {
            heapHugePagesMatchAnonHugePages(c, app);
        }
    }

    /** smaps' figures of the heap's mappings, in bytes. */
    private record HeapFigures(long anonHugePages, long pss, long shared) {
        static HeapFigures of(long pid, List<Range> heap) throws IOException {
            return new HeapFigures(SmapsFields.sum(pid, heap, "AnonHugePages"), SmapsFields.sum(pid, heap, "Pss"),
                    SmapsFields.sum(pid, heap, "Shared_Clean") + SmapsFields.sum(pid, heap, "Shared_Dirty"));
        }
    }

    private static void heapHugePagesMatchAnonHugePages(Case c, App app) throws Exception {
        List<Range> heap = app.layout().region(Region.JAVA_HEAP).ranges();
        boolean root = c.user() == SELF;
        Readings.Reading<HeapFigures> reading = Readings.afterEachScan(app, Readings.beans(app),
                () -> app.whileStopped(() -> HeapFigures.of(app.pid(), heap)), (report, before, kernel) -> {
                    Report.Row row = report.region(Region.JAVA_HEAP);
                    List<String> out = new ArrayList<>();
                    Expect.check(out, 0.01, kernel.anonHugePages(), row.hugePage(),
                            "heap hugePage vs smaps AnonHugePages");
                    if (root) {
                        Expect.check(out, 0.01, kernel.pss(), row.proportional(), "heap proportional vs smaps Pss");
                        // Within 1% of the heap: a page's map count can change between the scan and smaps.
                        if (Math.abs(kernel.shared() - row.shared()) > 0.01 * row.resident()) {
                            out.add("heap shared " + row.shared() + " vs smaps Shared_* " + kernel.shared());
                        }
                    }
                    return out;
                });
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Report report = reading.report();
        Report.Row row = report.region(Region.JAVA_HEAP);
        assertEquals(c.path().method(), report.method(), app::transcript);
        assertEquals(root ? "full" : "basic", report.detail(), app::transcript);
        assertTrue(reading.after().anonHugePages() >= HEAP / 2, () -> "THP backs most of the heap: " + reading.after());
        if (!root) {
            assertEquals(c.path() == FAST, row.shared() == Report.UNAVAILABLE, app::transcript);
            assertEquals(Report.UNAVAILABLE, row.proportional(), app::transcript);
        }
        assertEquals(List.of(), report.problems(), app::transcript);
    }

    /**
     * Each path counts exactly the pages the kernel shows on huge pages too: every region's
     * committed, resident and swapped figures equal, page for page, the app's pagemap.
     */
    private static void everyRegionsPagesAreCountedAsThePagemapShowsThem(Case c, App app) throws Exception {
        PagemapAgreement.assertAgrees(app, c.path(), HEAP);
    }

    /**
     * A page-map snapshot taken through the MBean: the heap's runs cover exactly its committed
     * mappings, the present runs add up to smaps Rss, and on the fast path the huge runs add up
     * to smaps AnonHugePages (the pagemap path cannot tell huge pages and says resident). Read
     * with both the JDK's parser and JMC's.
     */
    @Cases(paths = {FAST, PORTABLE})
    void aSnapshotsHeapRunsAddUpToTheKernelsFigures(Case c, Apps apps) throws Exception {
        App app = hugePageApp(c, apps);
        List<Range> heap = app.layout().region(Region.JAVA_HEAP).ranges();
        Path file = dir.resolve("pagemap.jfr");
        app.agent().snapshot(file);
        long[] kernel = app.whileStopped(() -> new long[] {
            SmapsFields.sum(app.pid(), heap, "Size"), SmapsFields.sum(app.pid(), heap, "Rss"),
            SmapsFields.sum(app.pid(), heap, "AnonHugePages"), SmapsFields.sum(app.pid(), heap, "Swap")});

        Map<String, Long> heapBytes = new HashMap<>();
        for (RecordedEvent run : JfrFiles.events(file, JfrFiles.PAGE_RUN_EVENT)) {
            if (run.getString("region").equals(Region.JAVA_HEAP)) {
                heapBytes.merge(run.getString("state"), run.getLong("size"), Long::sum);
            }
        }
        long present = heapBytes.getOrDefault("resident", 0L) + heapBytes.getOrDefault("huge", 0L)
                + heapBytes.getOrDefault("zero", 0L);
        String seen = "heap runs by state " + heapBytes + "; smaps Size, Rss, AnonHugePages, Swap "
                + List.of(kernel[0], kernel[1], kernel[2], kernel[3]) + "\n" + app.transcript();
        assertEquals(kernel[0], heapBytes.values().stream().mapToLong(Long::longValue).sum(), seen);
        Expect.within(0.01, kernel[1], present, () -> "present runs vs smaps Rss: " + seen);
        assertEquals(kernel[3], heapBytes.getOrDefault("swapped", 0L), seen);
        if (c.path() == FAST) {
            boolean thp = Requirement.TRANSPARENT_HUGE_PAGES.met();
            assertTrue(!thp || kernel[2] >= HEAP / 2, () -> "THP backs most of the heap: " + seen);
            Expect.within(0.01, kernel[2], heapBytes.getOrDefault("huge", 0L), () -> "huge runs vs"
                    + " smaps AnonHugePages: " + seen);
        } else {
            assertEquals(0L, heapBytes.getOrDefault("huge", 0L), () -> "the pagemap path cannot tell: " + seen);
        }
        assertTrue(JfrFiles.assertJmcAgrees(file, JfrFiles.PAGE_RUN_EVENT, "size") > 0, "JMC reads the runs");
    }
}
