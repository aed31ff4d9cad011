package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code detail=auto} as root weighs, on its own scans, what reading sharing costs the kernel. On
 * a heap of transparent huge pages the fast path's basic scan walks few page-table entries, while
 * the mapped files' sharing (the libraries and modules a second JVM of the same JDK maps too) takes
 * a pread for nearly every page: several times the rest of the scan. Auto then leaves the mapped
 * files' sharing unread and says so in one line; their rows show shared and proportional as n/a,
 * and the JVM's own regions keep both, equal to smaps. (That auto keeps reading where the reads
 * cost little is in ResidencyScannerTest; which one a heap gets is in BENCHMARKS.md.)
 */
class AutoSharingBudgetIT {
    /** How auto's line begins. */
    static final String LINE = "jvm-pagemap: note: detail=auto leaves the sharing of mapped files outside the JVM's"
            + " regions unread from now on";
    private static final List<String> MAPPED_FILE_ROWS = List.of("Mapped Files", "Shared Libraries", "JDK Modules");

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void autoLeavesTheMappedFilesSharingUnreadWhereReadingItCostsMoreThanAQuarterOfTheScan(Jdk jdk)
            throws Exception {
        assumeTrue(jdk.feature() >= 22 && AgentJar.hasJava22Overlay(), "the fast path needs JDK 22+ and the overlay");
        assumeTrue("root".equals(System.getProperty("user.name")), "auto reads frames as root only");
        assumeTrue(!Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[never]"),
                "transparent huge pages are off in this kernel");
        try (ChildJvm other = ChildJvm.start(jdk, null, List.of("-Xmx128m"), "idle");
                ChildJvm app = ChildJvm.start(jdk, ScanPath.FAST.options("interval=100ms"),
                        ScanPath.FAST.jvmArgs(List.of("-Xms1g", "-Xmx1g", "-XX:+UseTransparentHugePages",
                                "-XX:+AlwaysPreTouch")), "idle")) {
            other.awaitStdout("ready");
            app.awaitStdout("ready");
            app.awaitStderr(LINE);
            Report report = null;
            // The scan that decided still read them: the next ones do not.
            for (int attempt = 0; attempt < 50; attempt++) {
                report = SharingMatchesSmapsIT.reportWithoutSharing(jdk, app.pid());
                if (report.row("Shared Libraries").proportional() == Report.UNAVAILABLE) {
                    break;
                }
                Thread.sleep(100);
            }
            Report read = report;
            for (String name : MAPPED_FILE_ROWS) {
                Report.Row row = read.row(name);
                assertEquals(Report.UNAVAILABLE, row.shared(), () -> name + " shared: " + app.transcript());
                assertEquals(Report.UNAVAILABLE, row.proportional(), () -> name + " proportional");
                assertTrue(row.resident() > 0, () -> name + " is still counted: " + row);
            }
            for (String name : List.of(Region.JAVA_HEAP, "Thread Stacks", "Native Heap", "Other Native")) {
                assertNotEquals(Report.UNAVAILABLE, read.region(name).proportional(), () -> name + " proportional");
            }
            assertEquals(List.of(), read.problems(), app::transcript);
            // The JVM's own regions are read all the same, and agree with the kernel's accounting (a JVM
            // with huge pages reads its archive into private memory: nothing of it is shared here).
            Layout layout = LayoutOracle.of(jdk, app.pid());
            for (String name : List.of(Region.CDS_ARCHIVE, Region.JAVA_HEAP)) {
                Region region = layout.regions().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
                SmapsAgreement.Sharing sharing = SmapsAgreement.sharingUntilAgreed(app,
                        () -> SharingMatchesSmapsIT.reportWithoutSharing(jdk, app.pid()), region, true, true);
                assertEquals(List.of(), sharing.mismatches(), app::transcript);
            }
            assertEquals(1, app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap: ")).count(), app::transcript);
        }
    }
}
