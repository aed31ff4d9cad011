package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import io.github.jvmpagemap.samples.it.published.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Order;

/**
 * Mappings changing under the agent's feet at its shortest interval: threads start and end (some
 * between the agent's listing of the threads and its reading of their stacks), the heap grows and
 * shrinks, classes are unloaded, compiled code is flushed and metaspace uncommitted, while the
 * agent scans every 100 ms.
 *
 * <p>Started first ({@code @Order}): a minute of churn, which the run should not wait for at its end.
 */
@Order(1)
class MapsChurnIT {

    /**
     * A minute of it: the agent never stops, never says a problem, and once the app settles its
     * figures agree with smaps. Once per JDK (G1), the fast path where the JDK has it.
     */
    @Cases(collectors = Gc.G1, paths = {PORTABLE, FAST}, onePathPerJdk = true)
    void aMinuteOfChurnAtTheShortestIntervalEndsWithFiguresThatMatchSmaps(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("maps-churn").agent("interval=100ms")
                .jvmArgs("-Xms16m", "-Xmx512m", "-Dsamples.mapschurn.seconds=60").seconds(300));
        app.awaitStdout("maps-churn: settled", Duration.ofMinutes(3));
        assertTrue(app.stdout().contains("maps-churn: 100 steps"), app::transcript);

        SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, SmapsAgreement::mismatches);
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        assertEquals(List.of(), reading.report().problems());
        // Scans all through the minute, none of them failed or skipped for long: ten a second where
        // the machine is free, and at least one a second however loaded it is (each scan then takes
        // longer, and the next comes an interval after it ends).
        assertTrue(reading.report().scanCount() >= 60, () -> "scans: " + reading.report().scanCount());
        // No problem said; auto may say once that it leaves the mapped files' sharing unread (a cost, not a fault).
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /** Threads that come and go between the agent's listing and its reading leave no trace: five readings, a second apart. */
    @Cases(paths = PORTABLE)
    void threadsThatComeAndGoBetweenListingAndReadingLeaveNoTrace(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("maps-churn").agent("interval=100ms")
                .jvmArgs("-Xms16m", "-Xmx256m", "-Dsamples.mapschurn.seconds=60").seconds(120));
        Instant previous = Instant.now();
        for (int i = 0; i < 5; i++) {
            Report report = app.agent().reportOfAScanAfter(previous.plusSeconds(1));
            previous = report.time();
            for (Report.Row row : report.rows()) {
                assertTrue(row.resident() >= 0 && row.committed() >= row.resident(), () -> "figures of " + row);
            }
            assertEquals(List.of(), report.problems(), app::transcript);
        }
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }
}
