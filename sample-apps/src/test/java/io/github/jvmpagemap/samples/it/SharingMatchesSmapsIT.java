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
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two JVMs of one JDK map the same CDS archive, so its pages are shared: for every region of the
 * one with the agent, {@code shared} equals smaps Shared_Clean + Shared_Dirty, and as root
 * {@code proportional} equals smaps Pss. On the pagemap path shared comes from pagemap's
 * exclusive bit and needs no privilege; PAGEMAP_SCAN cannot tell it, so there it needs the
 * frames (root) and is -1 without.
 */
class SharingMatchesSmapsIT {
    static Stream<Arguments> jdksMethodsAndUsers() {
        return Jdk.installed().stream().flatMap(jdk -> ScanPath.on(jdk)
                .flatMap(path -> Stream.of(Arguments.of(jdk, path, "root"), Arguments.of(jdk, path, "nobody"))));
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("jdksMethodsAndUsers")
    void sharedAndProportionalMatchSmapsWithAnArchiveSharedByTwoJvms(Jdk jdk, ScanPath path, String user)
            throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (to read frames, or to drop to nobody)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
        List<String> wrapper = user.equals("root") ? List.of() : HugePagesMatchSmapsIT.NOBODY;
        try (ChildJvm other = ChildJvm.start(jdk, null, List.of("-Xmx128m"), "idle");
                ChildJvm app = ChildJvm.start(wrapper, jdk, path.options("interval=100ms"),
                        path.jvmArgs(List.of("-Xmx128m")), "idle")) {
            other.awaitStdout("ready");
            app.awaitStdout("ready");
            Layout layout = LayoutOracle.of(jdk, app.pid());
            boolean measuresShared = user.equals("root") || path == ScanPath.PORTABLE;
            List<String> mismatches = new ArrayList<>();
            Report report = null;
            // The app moves a figure between the scan and smaps (the JIT compiles what the report's own
            // connection runs into the code cache; a GC): smaps read before and after each scan, and
            // a few readings, each of a scan newer than the last.
            List<long[]> before = kernelFigures(app, layout);
            Instant previous = Instant.now();
            for (int attempt = 0; attempt < 10; attempt++) {
                mismatches.clear();
                report = SmapsAgreement.scannedAfter(previous, () -> reportWithoutSharing(jdk, app.pid()));
                List<long[]> after = kernelFigures(app, layout);
                previous = Instant.now();
                for (int i = 0; i < layout.regions().size(); i++) {
                    Region region = layout.regions().get(i);
                    Report.Row row = report.region(region.name());
                    if (measuresShared) {
                        SmapsAgreement.checkBetween(mismatches, 0.01, before.get(i)[0], after.get(i)[0], row.shared(),
                                region.name() + " shared vs smaps Shared_Clean + Shared_Dirty");
                    }
                    if (user.equals("root")) {
                        SmapsAgreement.checkBetween(mismatches, 0.01, before.get(i)[1], after.get(i)[1],
                                row.proportional(), region.name() + " proportional vs smaps Pss");
                    }
                }
                before = after;
                if (mismatches.isEmpty()) {
                    break;
                }
            }
            assertEquals(List.of(), mismatches, app::transcript);
            Report last = report;
            assertTrue(last.region(Region.CDS_ARCHIVE).shared() > (1 << 20) || !measuresShared,
                    () -> "the archive is shared with the other JVM: " + last.region(Region.CDS_ARCHIVE).shared());
            for (Report.Row row : last.rows()) {
                if (!measuresShared) {
                    assertEquals(Report.UNAVAILABLE, row.shared(), () -> row.name() + " shared");
                }
                if (!user.equals("root")) {
                    assertEquals(Report.UNAVAILABLE, row.proportional(), () -> row.name() + " proportional");
                }
            }
            assertEquals(List.of(), last.problems(), app::transcript);
        }
    }

    /** smaps' Shared_Clean + Shared_Dirty and Pss of each of the layout's regions, read while the app is stopped. */
    private static List<long[]> kernelFigures(ChildJvm app, Layout layout) throws Exception {
        return app.whileStopped(() -> {
            List<long[]> figures = new ArrayList<>();
            for (Region region : layout.regions()) {
                figures.add(SmapsFields.sharedAndPss(app.pid(), region));
            }
            return figures;
        });
    }

    /**
     * {@code report --json} from a command line that maps no CDS archive: it would share the
     * archive's pages while it runs, and smaps, read after it, would not see it.
     */
    static Report reportWithoutSharing(Jdk jdk, long pid) throws Exception {
        CommandLineRun run = CommandLineRun.of(List.of(), jdk, List.of("-Xshare:off"), "report", Long.toString(pid),
                "--json");
        assertEquals(0, run.exitCode(), run::transcript);
        return Report.fromJson(run.stdout());
    }
}
