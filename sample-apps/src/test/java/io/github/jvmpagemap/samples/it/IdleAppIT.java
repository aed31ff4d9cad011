package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.Gc.G1;
import static io.github.jvmpagemap.samples.it.harness.Gc.PARALLEL;
import static io.github.jvmpagemap.samples.it.harness.Gc.SERIAL;
import static io.github.jvmpagemap.samples.it.harness.Gc.SHENANDOAH;
import static io.github.jvmpagemap.samples.it.harness.Gc.ZGC;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.agreement.PagemapAgreement;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.PrintedTable;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.List;

/**
 * Idle apps, one heap partly touched and one pre-touched per JDK, collector and scan path, each
 * serving the checks here, none of which disturbs it: its figures read through the MBeans as a
 * jconsole-style client in another JVM reads them, the kernel's own accounting read while the app
 * is stopped right after the scan, and its regions found by the tests' own oracle from the JVM's
 * own reports. An app lives for its case's checks only: an agent scanning twice a second costs its
 * JVM a tenth of a core or so, which fifteen apps kept for the whole class would take from the
 * tests beside them.
 */
class IdleAppIT {
    static final long HEAP = 256L << 20;

    /**
     * On a heap the app has touched only in part (what it holds, and eden), as most heaps are.
     * Shenandoah commits its heap a region at a time as allocations take regions never used (the
     * tests' own JMX calls', after the scan they read): a fixed-size heap keeps committed still
     * between the scan and smaps, as the other collectors' heaps are here.
     */
    @Cases(collectors = {G1, PARALLEL, SERIAL, ZGC, SHENANDOAH}, paths = {PORTABLE, FAST})
    void everyRegionOfAnIdleAppMatchesSmaps(Case c, Apps apps) throws Exception {
        // Two scans a second, and one table printed after the first.
        Launch idle = c.app("idle").agent("interval=500ms,print=1h").jvmArgs("-Xmx512m");
        everyRegionMatchesSmaps(c, apps.start(c.gc() == SHENANDOAH ? idle.jvmArgs("-Xms512m") : idle));
    }

    /**
     * Every committed heap page written ({@code -Xms} equal to {@code -Xmx},
     * {@code -XX:+AlwaysPreTouch}); each check reported on its own.
     */
    @Cases(collectors = {G1, PARALLEL, SERIAL, ZGC, SHENANDOAH}, paths = {PORTABLE, FAST})
    void aPreTouchedHeapIsResidentWholeAndCountedAsThePagemapShowsIt(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=500ms").jvmArgs("-Xms256m", "-Xmx256m",
                "-XX:+AlwaysPreTouch"));
        assertAll(() -> aPreTouchedHeapIsResidentWhole(c, app),
                () -> PagemapAgreement.assertAgrees(app, c.path(), HEAP));
    }

    /**
     * For every region and sub-region, resident and swapped equal smaps Rss and Swap summed over
     * the ranges the oracle found, committed the size of the accessible mappings there; VmRSS and
     * what is left unattributed agree. The figures are those of the scan {@code scanNow()} names,
     * or of a later one.
     */
    private static void everyRegionMatchesSmaps(Case c, App app) throws Exception {
        SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, after -> {
            app.agent().reportOfAScanAfter(after);
            long scanned = app.agent().scanNow();
            assertTrue(scanned > 0, "scanNow returns the scan's time");
            Report report = app.agent().report();
            assertTrue(report.time().toEpochMilli() >= scanned, "the attributes show that scan or a later one");
            return report;
        }, SmapsAgreement::mismatches);
        assertEquals(List.of(), reading.mismatches(), app::transcript);

        Report report = reading.report();
        assertTrue(report.scanCount() >= 2, "a scan after the first: " + report.scanCount());
        assertEquals(c.gc().published(), report.collector(), app::transcript);
        assertEquals(c.path().method(), report.method());
        assertEquals(List.of(), report.problems());
        for (Report.Row row : report.rows()) {
            assertTrue(row.resident() <= row.committed(), () -> row.name() + " resident <= committed");
            assertTrue(row.committed() <= row.reserved(), () -> row.name() + " committed <= reserved");
        }
        assertEquals(3, report.subRegionsOf(Region.CODE_CACHE).size(), () -> "code heaps: " + report.rows());
        if (c.gc() == PARALLEL || c.gc() == SERIAL) {
            assertEquals(3, report.subRegionsOf(Region.JAVA_HEAP).size(), () -> "heap spaces: " + report.rows());
        }
        boolean multiMapped = reading.layout().multiMapped();
        assertEquals(multiMapped, report.extraViews() > 0, "extra views shown exactly when the heap is multi-mapped");
        // The printed table explains the extra views in a note, and only then.
        app.awaitStderr(PrintedTable.LAST_LINE);
        assertEquals(multiMapped, app.stderr().stream().anyMatch(l -> l.startsWith("note: ")), app::transcript);
    }

    /**
     * Every committed heap page has been written, so the heap's resident figure equals its
     * committed one, and that is the whole heap. JDK 17's ZGC touches all three views: the extra
     * views then hold twice the heap.
     */
    private static void aPreTouchedHeapIsResidentWhole(Case c, App app) throws Exception {
        Report report = app.agent().report();
        Report.Row heap = report.region(Region.JAVA_HEAP);
        assertEquals(HEAP, heap.committed(), () -> "heap committed is -Xms\n" + app.transcript());
        assertEquals(heap.committed(), heap.resident(), () -> "pre-touched heap resident\n" + app.transcript());
        assertEquals(0, heap.swapped());
        if (c.jdk().feature() == 17 && c.gc() == Gc.ZGC) {
            Expect.within(0.01, 2 * heap.resident(), report.extraViews(),
                    () -> "JDK 17 ZGC's two extra views of a pre-touched heap\n" + app.transcript());
        } else {
            assertEquals(0, report.extraViews());
        }
    }
}
