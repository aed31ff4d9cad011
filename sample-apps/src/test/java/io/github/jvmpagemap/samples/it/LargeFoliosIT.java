package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static io.github.jvmpagemap.samples.it.harness.User.NOBODY;
import static io.github.jvmpagemap.samples.it.harness.User.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.agreement.Readings;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Host;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.KernelFolios;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Large folios mapped page by page, made on purpose: as root the test sets multi-size THP of
 * 64 KiB to {@code always} while a JVM pre-touches its heap ({@code -XX:+AlwaysPreTouch}, no
 * {@code -XX:+UseTransparentHugePages}: 64 KiB folios mapped by PTEs, no PMD-mapped huge page),
 * and restores the setting as soon as the JVM is up (the folios made stay large). With an
 * explicit {@code detail=full} every region's {@code largeFolio} equals the test's own count
 * (kpageflags THP pages less smaps' PMD-mapped pages, per mapping) within 1%, the heap's is most
 * of it, and {@code hugePage} still equals smaps' huge-page fields. The same with the heap on
 * PMD-mapped transparent huge pages ({@code -XX:+UseTransparentHugePages}), which kpageflags marks
 * THP too: they are hugePage, not largeFolio, on both paths. With {@code detail=auto} as root
 * (frames read only for pages not exclusive) and as nobody (no frames), largeFolio is -1. The
 * setting is the machine's: the tests here hold {@link Locks#THP_SETTINGS}, one at a time. An app
 * another test starts meanwhile may get 64 KiB folios too: no figure but an explicitly asked-for
 * largeFolio depends on the size of a folio.
 */
@Needs({Requirement.ROOT, Requirement.MULTI_SIZE_THP})
@ResourceLock(Locks.THP_SETTINGS)
class LargeFoliosIT {
    private static final Pattern CHOSEN = Pattern.compile("\\[(\\w+)\\]");
    private static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
    private static final List<String> HUGE_FIELDS = List.of("AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
            "Shared_Hugetlb", "Private_Hugetlb");
    /** The setting found before the tests, restored after each JVM start and at the end whatever happens. */
    private static String before;

    @BeforeAll
    static void saveTheSetting() throws IOException {
        before = chosen(Files.readString(Host.MTHP_64K));
    }

    @AfterAll
    static void restore() throws IOException {
        if (before != null) {
            Files.writeString(Host.MTHP_64K, before);
        }
    }

    private static String chosen(String setting) {
        Matcher m = CHOSEN.matcher(setting);
        if (!m.find()) {
            throw new IllegalStateException("no choice in " + Host.MTHP_64K + ": " + setting);
        }
        return m.group(1);
    }

    /** Starts {@code launch} with 64 KiB folios for what it touches; the kernel makes at least {@code folios} meanwhile. */
    private static App startWithLargeFolios(Apps apps, Launch launch, long folios) throws IOException {
        long madeBefore = folioFaults();
        Files.writeString(Host.MTHP_64K, "always");
        try {
            return apps.start(launch);
        } finally {
            Files.writeString(Host.MTHP_64K, before);
            assertEquals(before, chosen(Files.readString(Host.MTHP_64K)));
            long made = folioFaults() - madeBefore;
            assertTrue(made >= folios, () -> "the kernel made " + made + " folios of 64 KiB, not " + folios);
        }
    }

    /** Anonymous 64 KiB folios the kernel has made since boot. */
    private static long folioFaults() throws IOException {
        return Long.parseLong(Files.readString(Host.MTHP_64K.resolveSibling("stats").resolve("anon_fault_alloc")).trim());
    }

    /** A region's large-folio bytes as the test counts them, and its huge-page bytes as smaps does. */
    private record Folios(long largeFolio, long hugePage) {
    }

    @Cases(paths = {PORTABLE, FAST})
    void explicitFullCountsTheLargeFoliosTheKernelMarks(Case c, Apps apps) throws Exception {
        checkExplicitFull(c, apps, false);
    }

    @Cases(paths = {PORTABLE, FAST})
    void explicitFullCountsAHeapOnPmdMappedHugePagesAsHugePageNotLargeFolio(Case c, Apps apps) throws Exception {
        checkExplicitFull(c, apps, true);
    }

    private static void checkExplicitFull(Case c, Apps apps, boolean pmdMappedHeap) throws Exception {
        Launch launch = c.app("idle").agent("interval=1s,detail=full").jvmArgs(HEAP);
        // With a THP heap only the rest of the JVM's anonymous memory gets 64 KiB folios.
        App app = startWithLargeFolios(apps, pmdMappedHeap ? launch.jvmArgs("-XX:+UseTransparentHugePages") : launch,
                pmdMappedHeap ? 16 : (128 << 20) / (64 << 10));
        Layout layout = app.layout();
        // The JIT and metaspace still change between the scan and the test's reading: a few readings.
        Readings.Reading<List<Folios>> reading = Readings.afterEachScan(app, Readings.beans(app),
                () -> app.whileStopped(() -> {
                    List<Folios> figures = new ArrayList<>();
                    for (Region region : layout.regions()) {
                        long huge = 0;
                        for (String field : HUGE_FIELDS) {
                            huge += SmapsFields.sum(app.pid(), region.ranges(), field);
                        }
                        figures.add(new Folios(KernelFolios.largeFolioBytes(app.pid(), region.ranges()), huge));
                    }
                    return figures;
                }), (report, earlier, kernel) -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < layout.regions().size(); i++) {
                        Region region = layout.regions().get(i);
                        Report.Row row = report.region(region.name());
                        Expect.check(mismatches, 0.01, kernel.get(i).largeFolio(), row.largeFolio(),
                                region.name() + " largeFolio vs kpageflags THP less smaps PMD-mapped");
                        Expect.check(mismatches, 0.01, kernel.get(i).hugePage(), row.hugePage(),
                                region.name() + " hugePage vs smaps' huge-page fields");
                    }
                    return mismatches;
                });
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Report last = reading.report();
        assertEquals(c.path().method(), last.method(), app::transcript);
        assertEquals("full", last.detail(), app::transcript);
        Report.Row heap = last.region(Region.JAVA_HEAP);
        if (pmdMappedHeap) {
            assertTrue(heap.hugePage() >= (128 << 20) && heap.largeFolio() < heap.hugePage() / 8,
                    () -> "the heap is on PMD-mapped huge pages, not large folios: " + heap + "\n" + app.transcript());
            assertTrue(last.rows().stream().anyMatch(r -> r.largeFolio() > 0),
                    () -> "the rest of the JVM is on 64 KiB folios: " + last.rows());
        } else {
            assertTrue(heap.largeFolio() >= heap.resident() / 2 && heap.largeFolio() >= (128 << 20),
                    () -> "most of the pre-touched heap is on 64 KiB folios: " + heap + "\n" + app.transcript());
        }
        assertEquals(List.of(), last.problems(), app::transcript);
    }

    @Cases(paths = {PORTABLE, FAST}, users = {SELF, NOBODY})
    void withoutAnExplicitFullLargeFoliosAreNotMeasured(Case c, Apps apps) throws Exception {
        App app = startWithLargeFolios(apps, c.app("idle").agent("interval=1s").jvmArgs(HEAP), (128 << 20) / (64 << 10));
        long heapFolios = KernelFolios.largeFolioBytes(app.pid(), app.layout().region(Region.JAVA_HEAP).ranges());
        Report report = app.agent().report();

        assertEquals(c.user() == SELF ? "full" : "basic", report.detail(), app::transcript);
        assertTrue(heapFolios >= (128 << 20), () -> "the heap is on large folios all the same: " + heapFolios);
        for (Report.Row row : report.rows()) {
            assertEquals(Report.UNAVAILABLE, row.largeFolio(), () -> row.name() + " largeFolio\n" + app.transcript());
        }
        assertEquals(List.of(), report.problems(), app::transcript);
    }
}
