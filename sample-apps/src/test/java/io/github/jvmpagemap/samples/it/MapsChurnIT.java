package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A minute of mappings changing under the agent's feet at its shortest interval: threads start
 * and end, the heap grows and shrinks, classes are unloaded, compiled code is flushed and
 * metaspace uncommitted, while the agent scans ten times a second. It never stops, never says a
 * word, and once the app settles its figures agree with smaps. Once per JDK (G1), the fast path
 * where the JDK has it, since that is where the maps are read piecemeal.
 */
class MapsChurnIT {
    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aMinuteOfChurnAtTheShortestIntervalEndsWithFiguresThatMatchSmaps(Jdk jdk) throws Exception {
        ScanPath path = ScanPath.on(jdk).reduce((a, b) -> b).orElseThrow();
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=100ms"),
                path.jvmArgs(List.of("-XX:+UseG1GC", "-Xms16m", "-Xmx512m", "-Dsamples.mapschurn.seconds=60")),
                "maps-churn", "300")) {
            app.awaitStdout("maps-churn: running");
            app.awaitStdout("maps-churn: settled", Duration.ofMinutes(3));
            assertTrue(app.stdout().contains("maps-churn: 100 steps"), app::transcript);

            SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> LayoutOracle.of(jdk, app.pid()),
                    () -> CommandLineRun.jsonReport(jdk, app.pid()), SmapsAgreement::mismatches);

            assertEquals(List.of(), reading.mismatches(), app::transcript);
            assertEquals(List.of(), reading.report().problems());
            // Ten scans a second through the minute, none of them failed or skipped for long.
            assertTrue(reading.report().scanCount() >= 300, () -> "scans: " + reading.report().scanCount());
            // No problem said; auto may say once that it leaves the mapped files' sharing unread (a cost, not a fault).
            assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
        }
    }
}
