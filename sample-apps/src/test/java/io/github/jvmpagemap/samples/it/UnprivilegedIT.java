package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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


    static Stream<Arguments> jdksAndMethods() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "scan"), Arguments.of(jdk, "pagemap")));
    }

    @ParameterizedTest(name = "{0} method={1}")
    @MethodSource("jdksAndMethods")
    void reportsWhatItCanSeeAndNamesWhatIsUnavailable(Jdk jdk, String method) throws Exception {
        assumeTrue(!method.equals("scan") || jdk.feature() >= 22 && AgentJar.hasJava22Overlay(),
                "method=scan needs JDK 22+ and an agent jar with the overlay");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run the app as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
        List<String> flags = new ArrayList<>(List.of("-Xmx256m"));
        if (method.equals("scan")) {
            flags.add(0, "--enable-native-access=ALL-UNNAMED");
        }
        try (ChildJvm app = ChildJvm.start(HugePagesMatchSmapsIT.NOBODY, jdk, "interval=100ms,method=" + method,
                flags, "idle")) {
            app.awaitStdout("ready");
            SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> LayoutOracle.of(jdk, app.pid()),
                    () -> CommandLineRun.jsonReport(jdk, app.pid()), (report, kernel, layout) -> {
                        List<String> out = new ArrayList<>();
                        SmapsAgreement.check(out, 0.01, SmapsAgreement.Totals.smaps(kernel,
                                layout.region(Region.JAVA_HEAP).ranges(), 0).rss,
                                report.region(Region.JAVA_HEAP).resident(), "heap resident vs smaps Rss");
                        return out;
                    });
            assertEquals(List.of(), reading.mismatches(), app::transcript);
            Report report = reading.report();
            assertEquals(method, report.method(), app::transcript);
            assertEquals("basic", report.detail(), app::transcript);
            assertEquals(List.of(), report.problems(), app::transcript);
            boolean thpForAll = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"))
                    .contains("[always]");
            assertEquals(List.of(method.equals("scan") ? BASIC_SCAN : BASIC_PAGEMAP + (thpForAll ? FROM_SMAPS : "")),
                    app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap:")).toList(), app::transcript);
            for (Report.Row r : report.rows()) {
                // pagemap's exclusive bit tells shared pages to anyone; the ioctl has no such category
                assertEquals(method.equals("scan"), r.shared() == Report.UNAVAILABLE,
                        () -> r.name() + " shared measured only by pagemap reads\n" + app.transcript());
                assertEquals(Report.UNAVAILABLE, r.proportional(), () -> r.name() + " PSS\n" + app.transcript());
                assertTrue(r.hugePage() >= 0, () -> r.name() + " hugePage is measured\n" + app.transcript());
                assertEquals(method.equals("pagemap"), r.zeroPage() == Report.UNAVAILABLE,
                        () -> r.name() + " zeroPage measured only by the ioctl\n" + app.transcript());
            }
            assertFalse(app.stderr().stream().anyMatch(l -> l.contains("Exception") || l.contains("WARNING")),
                    app::transcript);
        }
    }
}
