package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.KernelFolios;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
 * (frames read only for pages not exclusive) and as nobody (no frames), largeFolio is -1.
 */
class LargeFoliosIT {
    static final Path MTHP_64K = Path.of("/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled");
    private static final Pattern CHOSEN = Pattern.compile("\\[(\\w+)\\]");
    private static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
    private static final List<String> HUGE_FIELDS = List.of("AnonHugePages", "ShmemPmdMapped", "FilePmdMapped",
            "Shared_Hugetlb", "Private_Hugetlb");
    /** The setting found before the tests, restored after each JVM start and at the end whatever happens. */
    private static String before;

    @BeforeAll
    static void rootAndMultiSizeThp() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (to set multi-size THP, read kpageflags)");
        assumeTrue(Files.isWritable(MTHP_64K), MTHP_64K + " is not there: this kernel has no multi-size THP");
        before = chosen(Files.readString(MTHP_64K));
    }

    @AfterAll
    static void restore() throws IOException {
        if (before != null) {
            Files.writeString(MTHP_64K, before);
        }
    }

    private static String chosen(String setting) {
        Matcher m = CHOSEN.matcher(setting);
        if (!m.find()) {
            throw new IllegalStateException("no choice in " + MTHP_64K + ": " + setting);
        }
        return m.group(1);
    }

    static Stream<Arguments> jdksAndPaths() {
        return Jdk.installed().stream().flatMap(jdk -> ScanPath.on(jdk).map(path -> Arguments.of(jdk, path)));
    }

    static Stream<Arguments> jdksPathsAndHeaps() {
        return jdksAndPaths().flatMap(a -> Stream.of(false, true).map(pmd -> Arguments.of(a.get()[0], a.get()[1],
                pmd)));
    }

    static Stream<Arguments> jdksPathsAndUsers() {
        return jdksAndPaths().flatMap(a -> Stream.of("root", "nobody").map(user -> Arguments.of(a.get()[0], a.get()[1],
                user)));
    }

    /** Starts the app with 64 KiB folios for its pre-touched heap; the setting is back as before once it is up. */
    private static ChildJvm startWithLargeFolios(List<String> wrapper, Jdk jdk, String options, ScanPath path)
            throws IOException {
        return startWithLargeFolios(wrapper, jdk, options, path.jvmArgs(HEAP), (128 << 20) / (64 << 10));
    }

    /** As above with {@code jvmArgs}, the kernel making at least {@code folios} of 64 KiB meanwhile. */
    private static ChildJvm startWithLargeFolios(List<String> wrapper, Jdk jdk, String options, List<String> jvmArgs,
            long folios) throws IOException {
        long madeBefore = folioFaults();
        Files.writeString(MTHP_64K, "always");
        try {
            ChildJvm app = ChildJvm.start(wrapper, jdk, options, jvmArgs, "idle");
            app.awaitStdout("ready");
            return app;
        } finally {
            Files.writeString(MTHP_64K, before);
            assertEquals(before, chosen(Files.readString(MTHP_64K)));
            long made = folioFaults() - madeBefore;
            assertTrue(made >= folios, () -> "the kernel made " + made + " folios of 64 KiB, not " + folios);
        }
    }

    /** Anonymous 64 KiB folios the kernel has made since boot. */
    private static long folioFaults() throws IOException {
        return Long.parseLong(Files.readString(MTHP_64K.resolveSibling("stats").resolve("anon_fault_alloc")).trim());
    }

    @ParameterizedTest(name = "{0} {1} heap on PMD-mapped THP: {2}")
    @MethodSource("jdksPathsAndHeaps")
    void explicitFullCountsTheLargeFoliosTheKernelMarksAndHugePagesStayWhatSmapsSays(Jdk jdk, ScanPath path,
            boolean pmdMappedHeap) throws Exception {
        List<String> heapFlags = new ArrayList<>(HEAP);
        if (pmdMappedHeap) {
            heapFlags.add("-XX:+UseTransparentHugePages");
        }
        // With a THP heap only the rest of the JVM's anonymous memory gets 64 KiB folios.
        try (ChildJvm app = startWithLargeFolios(List.of(), jdk, path.options("interval=100ms,detail=full"),
                path.jvmArgs(heapFlags), pmdMappedHeap ? 16 : (128 << 20) / (64 << 10))) {
            Layout layout = LayoutOracle.of(jdk, app.pid());
            List<String> mismatches = new ArrayList<>();
            Report report = null;
            // The JIT and metaspace still change between the scan and the test's reading: a few readings.
            for (int attempt = 0; attempt < 10; attempt++) {
                mismatches.clear();
                report = CommandLineRun.jsonReport(jdk, app.pid());
                List<long[]> kernel = app.whileStopped(() -> {
                    List<long[]> figures = new ArrayList<>();
                    for (Region region : layout.regions()) {
                        long huge = 0;
                        for (String field : HUGE_FIELDS) {
                            huge += SmapsFields.sum(app.pid(), region, field);
                        }
                        figures.add(new long[] {KernelFolios.largeFolioBytes(app.pid(), region), huge});
                    }
                    return figures;
                });
                for (int i = 0; i < layout.regions().size(); i++) {
                    Region region = layout.regions().get(i);
                    Report.Row row = report.region(region.name());
                    SmapsAgreement.check(mismatches, 0.01, kernel.get(i)[0], row.largeFolio(),
                            region.name() + " largeFolio vs kpageflags THP less smaps PMD-mapped");
                    SmapsAgreement.check(mismatches, 0.01, kernel.get(i)[1], row.hugePage(),
                            region.name() + " hugePage vs smaps' huge-page fields");
                }
                if (mismatches.isEmpty()) {
                    break;
                }
            }
            assertEquals(List.of(), mismatches, app::transcript);
            Report last = report;
            assertEquals(path.method(), last.method(), app::transcript);
            assertEquals("full", last.detail(), app::transcript);
            Report.Row heap = last.region(Region.JAVA_HEAP);
            if (pmdMappedHeap) {
                assertTrue(heap.hugePage() >= (128 << 20) && heap.largeFolio() < heap.hugePage() / 8,
                        () -> "the heap is on PMD-mapped huge pages, not large folios: " + heap + "\n"
                                + app.transcript());
                assertTrue(last.rows().stream().anyMatch(r -> r.largeFolio() > 0),
                        () -> "the rest of the JVM is on 64 KiB folios: " + last.rows());
            } else {
                assertTrue(heap.largeFolio() >= heap.resident() / 2 && heap.largeFolio() >= (128 << 20),
                        () -> "most of the pre-touched heap is on 64 KiB folios: " + heap + "\n" + app.transcript());
            }
            assertEquals(List.of(), last.problems(), app::transcript);
        }
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("jdksPathsAndUsers")
    void withoutAnExplicitFullLargeFoliosAreNotMeasured(Jdk jdk, ScanPath path, String user) throws Exception {
        assumeTrue(user.equals("root") || Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is needed");
        List<String> wrapper = user.equals("root") ? List.of() : HugePagesMatchSmapsIT.NOBODY;
        try (ChildJvm app = startWithLargeFolios(wrapper, jdk, path.options("interval=100ms"), path)) {
            long heapFolios = KernelFolios.largeFolioBytes(app.pid(), LayoutOracle.of(jdk, app.pid())
                    .region(Region.JAVA_HEAP));
            Report report = CommandLineRun.jsonReport(jdk, app.pid());

            assertEquals(user.equals("root") ? "full" : "basic", report.detail(), app::transcript);
            assertTrue(heapFolios >= (128 << 20), () -> "the heap is on large folios all the same: " + heapFolios);
            for (Report.Row row : report.rows()) {
                assertEquals(Report.UNAVAILABLE, row.largeFolio(), () -> row.name() + " largeFolio\n"
                        + app.transcript());
            }
            assertEquals(List.of(), report.problems(), app::transcript);
        }
    }
}
