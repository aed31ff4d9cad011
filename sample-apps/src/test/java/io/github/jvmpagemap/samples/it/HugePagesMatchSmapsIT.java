package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
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
 * A heap backed by transparent huge pages ({@code -XX:+UseTransparentHugePages
 * -XX:+AlwaysPreTouch}): the Java Heap's hugePage equals the kernel's AnonHugePages for the
 * heap's mappings within 1%, as {@code report --json} publishes it, whichever way the agent learns it: the PAGEMAP_SCAN HUGE
 * category, or smaps per mapping on the pagemap path (no bit of pagemap or kpageflags tells PMD-mapped pages).
 * As root ({@code detail=full}) the heap's proportional and shared figures also equal smaps
 * Pss and Shared_Clean + Shared_Dirty.
 */
class HugePagesMatchSmapsIT {
    static final List<String> NOBODY = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");

    static Stream<Arguments> jdksMethodsAndUsers() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of("scan", "pagemap")
                .flatMap(method -> Stream.of(Arguments.of(jdk, method, "root"), Arguments.of(jdk, method, "nobody"))));
    }

    @ParameterizedTest(name = "{0} method={1} as {2}")
    @MethodSource("jdksMethodsAndUsers")
    void heapHugePagesMatchAnonHugePages(Jdk jdk, String method, String user) throws Exception {
        assumeTrue(!method.equals("scan") || jdk.feature() >= 22 && AgentJar.hasJava22Overlay(),
                "method=scan needs JDK 22+ and an agent jar with the overlay");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (to read kpageflags, or to drop to nobody)");
        assumeTrue(!Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[never]"),
                "transparent huge pages are disabled on this machine");
        List<String> flags = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+UseTransparentHugePages",
                "-XX:+AlwaysPreTouch"));
        if (method.equals("scan")) {
            flags.add(0, "--enable-native-access=ALL-UNNAMED");
        }
        List<String> wrapper = user.equals("root") ? List.of() : NOBODY;
        // The shortest interval: the report shows a scan made while it asks, compared with smaps right after.
        try (ChildJvm app = ChildJvm.start(wrapper, jdk, "interval=100ms,method=" + method, flags, "idle")) {
            app.awaitStdout("ready");
            Region heap = LayoutOracle.of(jdk, app.pid()).region(Region.JAVA_HEAP);
            Instant asked = Instant.now();
            Report report = CommandLineRun.jsonReport(jdk, app.pid());
            assertTrue(report.time().isAfter(asked), () -> "a scan made for the report: " + report.time());
            long[] kernel = app.whileStopped(() -> new long[] {
                SmapsFields.sum(app.pid(), heap, "AnonHugePages"), SmapsFields.sum(app.pid(), heap, "Pss"),
                SmapsFields.sum(app.pid(), heap, "Shared_Clean") + SmapsFields.sum(app.pid(), heap, "Shared_Dirty")});
            Report.Row row = report.region(Region.JAVA_HEAP);

            assertEquals(method, report.method(), app::transcript);
            assertEquals(user.equals("root") ? "full" : "basic", report.detail(), app::transcript);
            assertTrue(kernel[0] >= (256L << 20), () -> "THP backs most of the heap: AnonHugePages " + kernel[0]);
            Expect.within(0.01, kernel[0], row.hugePage(), () -> "heap hugePage vs smaps AnonHugePages\n"
                    + app.transcript());
            if (user.equals("root")) {
                Expect.within(0.01, kernel[1], row.proportional(), () -> "heap proportional vs smaps Pss\n"
                        + app.transcript());
                // Within 1% of the heap: a page's map count can change between the scan and smaps.
                assertTrue(Math.abs(kernel[2] - row.shared()) <= 0.01 * row.resident(), () -> "heap shared "
                        + row.shared() + " vs smaps Shared_* " + kernel[2] + "\n" + app.transcript());
            } else {
                assertEquals(method.equals("scan"), row.shared() == Report.UNAVAILABLE, app::transcript);
                assertEquals(Report.UNAVAILABLE, row.proportional(), app::transcript);
            }
            assertEquals(List.of(), report.problems(), app::transcript);
        }
    }
}
