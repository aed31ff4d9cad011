package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.agreement.Totals;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Host;
import io.github.jvmpagemap.samples.it.harness.User;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * An application run as an unprivileged user ({@code nobody}): pagemap shows it no frame
 * numbers and kpageflags is closed to it. The agent still reports what it can see (resident
 * and swapped as smaps says, huge pages from the ioctl or smaps), publishes the rest as
 * unavailable (-1) and says which figures those are in one line.
 */
class UnprivilegedIT {
    static final String BASIC_SCAN = "jvm-pagemap: note: detail=basic: without CAP_SYS_ADMIN page frames cannot be"
            + " examined, so shared and proportional show as n/a";
    static final String BASIC_PAGEMAP = "jvm-pagemap: note: detail=basic: without CAP_SYS_ADMIN page frames cannot be"
            + " examined, so proportional and zeroPage show as n/a";
    /** Added when huge pages may back the app's memory; this app does not ask for them. */
    static final String FROM_SMAPS = "; hugePage comes from /proc/self/smaps, per mapping";

    @Cases(paths = {FAST, PORTABLE}, users = User.NOBODY)
    void reportsWhatItCanSeeAndNamesWhatIsUnavailable(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=1s").jvmArgs("-Xmx256m"));
        SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, (report, kernel, layout) -> {
            List<String> out = new ArrayList<>();
            Expect.check(out, 0.01, Totals.smaps(kernel, layout.region(Region.JAVA_HEAP).ranges(), 0).rss(),
                    report.region(Region.JAVA_HEAP).resident(), "heap resident vs smaps Rss");
            return out;
        });
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Report report = reading.report();
        boolean scan = c.path() == FAST;
        assertEquals(c.path().method(), report.method(), app::transcript);
        assertEquals("basic", report.detail(), app::transcript);
        assertEquals(List.of(), report.problems(), app::transcript);
        boolean thpForAll = Files.readString(Host.THP_ENABLED).contains("[always]");
        assertEquals(List.of(scan ? BASIC_SCAN : BASIC_PAGEMAP + (thpForAll ? FROM_SMAPS : "")),
                AgentLines.all(app.stderr()), app::transcript);
        for (Report.Row r : report.rows()) {
            // pagemap's exclusive bit tells shared pages to anyone; the ioctl has no such category
            assertEquals(scan, r.shared() == Report.UNAVAILABLE,
                    () -> r.name() + " shared measured only by pagemap reads\n" + app.transcript());
            assertEquals(Report.UNAVAILABLE, r.proportional(), () -> r.name() + " PSS\n" + app.transcript());
            assertTrue(r.hugePage() >= 0, () -> r.name() + " hugePage is measured\n" + app.transcript());
            assertEquals(!scan, r.zeroPage() == Report.UNAVAILABLE,
                    () -> r.name() + " zeroPage measured only by the ioctl\n" + app.transcript());
        }
        assertFalse(app.stderr().stream().anyMatch(l -> l.contains("Exception") || l.contains("WARNING")),
                app::transcript);
    }
}
