package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Readings;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import io.github.jvmpagemap.samples.it.published.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;

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
    private static final String LINE = "jvm-pagemap: note: detail=auto leaves the sharing of mapped files outside the"
            + " JVM's regions unread from now on";
    private static final List<String> MAPPED_FILE_ROWS = List.of("Mapped Files", "Shared Libraries", "JDK Modules");

    /** As root: auto reads frames as root only. */
    @Cases(paths = ScanPath.FAST)
    @Needs({Requirement.ROOT, Requirement.TRANSPARENT_HUGE_PAGES})
    void autoLeavesTheMappedFilesSharingUnreadWhereReadingItCostsMoreThanAQuarterOfTheScan(Case c, Apps apps)
            throws Exception {
        apps.start(c.app("idle").withoutAgent().jvmArgs("-Xmx128m"));
        App app = apps.start(c.app("idle").agent("interval=100ms").jvmArgs("-Xms1g", "-Xmx1g",
                "-XX:+UseTransparentHugePages", "-XX:+AlwaysPreTouch"));
        app.awaitStderr(LINE);
        // The scan that decided still read them: the next ones do not.
        Instant decided = Instant.now();
        Report[] last = {null};
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            last[0] = app.agent().reportOfAScanAfter(decided);
            return last[0].row("Shared Libraries").proportional() == Report.UNAVAILABLE;
        });
        Report read = last[0];
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
        Layout layout = app.layout();
        for (String name : List.of(Region.CDS_ARCHIVE, Region.JAVA_HEAP)) {
            SmapsAgreement.Sharing sharing = SmapsAgreement.sharingUntilAgreed(app, Readings.beans(app),
                    layout.region(name), true, true);
            assertEquals(List.of(), sharing.mismatches(), app::transcript);
        }
        assertEquals(1, AgentLines.all(app.stderr()).size(), app::transcript);
    }
}
