package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a busy JVM recording with {@code recording=}: whenever the kill
 * falls (during a scan, a rewrite of the file, a collection), what is left is a whole recording
 * the JDK's parser and JMC's read, every scan in it with all its regions, no older than the
 * longer of one interval and one minute; anything else left beside it is private. The moments
 * come from a seed printed with every failure; {@code -Djvmpagemap.it.seed=N} replays them.
 *
 * <p>Started first ({@code @Order}): kills up to twenty seconds apart, which the run should not wait
 * for at its end.
 */
@Order(1)
class SigkillIT {
    private static final int KILLS_PER_JDK = 3;
    private static final long LATEST_KILL_MILLIS = 20_000;
    private static final Duration LOSES_AT_MOST = Duration.ofMinutes(1);
    private static final long SEED = Long.getLong("jvmpagemap.it.seed", System.nanoTime());

    @TempDir
    Path dir;

    @Cases
    void whereverAKillFallsTheRecordingLeftIsWholeAndRecent(Case c, Apps apps) throws Exception {
        Random random = new Random(SEED + c.jdk().feature());
        for (int kill = 0; kill < KILLS_PER_JDK; kill++) {
            long afterMillis = 500 + (long) (random.nextDouble() * (LATEST_KILL_MILLIS - 500));
            String context = "seed " + SEED + ", JDK " + c.jdk().feature() + ", kill " + kill + " after " + afterMillis
                    + " ms";
            Path file = dir.resolve("kill-" + c.jdk().feature() + "-" + kill + ".jfr");
            // The file is made when the recording starts if JFR has something to write by then (JDK 25),
            // else with the first scan (JDK 17), and holds the first scan as soon as that scan ends: a
            // kill before the first scan ended (its table, printed once, is not out yet) may leave no
            // file, or one without a scan. How long that takes depends on the machine: the kill is
            // judged by what the app had said.
            App app = apps.start(c.app("churn").agent("interval=1s,print=1h,recording=" + file).jvmArgs("-Xmx256m")
                    .readyWhen(null));
            Thread.sleep(afterMillis);
            Instant killed = Instant.now();
            app.close(); // SIGKILL
            boolean early = app.tables().isEmpty();
            if (!Files.exists(file)) {
                assertTrue(early, context + ": no recording left\n" + app.transcript());
                continue;
            }
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file), context);
            if (Files.size(file) == 0) {
                // The name taken, nothing written yet: the recording had only just started.
                assertTrue(early, context + ": an empty recording left\n" + app.transcript());
                continue;
            }
            List<RecordedEvent> scans = JfrFiles.events(file, JfrFiles.SCAN_EVENT);
            if (scans.isEmpty()) {
                assertTrue(early, context + ": a recording without a scan\n" + app.transcript());
                continue;
            }
            Map<Long, Set<String>> regionsByScan = JfrFiles.events(file, JfrFiles.REGION_EVENT).stream()
                    // A region's own row ("": JDK 17's JFR may lose a sub-row's pooled name, null)
                    .filter(e -> "".equals(e.getString("subRegion")))
                    .collect(Collectors.groupingBy(e -> e.getLong("scanTime"),
                            Collectors.mapping(e -> e.getString("region"), Collectors.toSet())));
            for (RecordedEvent scan : scans) {
                assertEquals(Set.copyOf(Region.ROWS), regionsByScan.get(scan.getLong("scanTime")),
                        context + ": the scan of " + scan.getStartTime() + " whole");
            }
            Instant latest = scans.stream().map(RecordedEvent::getStartTime).max(Instant::compareTo).orElseThrow();
            assertTrue(Duration.between(latest, killed).compareTo(LOSES_AT_MOST.plusSeconds(5)) < 0,
                    context + ": the latest scan on disk is of " + latest + ", the kill at " + killed);
            JfrFiles.assertJmcAgrees(file, JfrFiles.REGION_EVENT, "resident");
            try (Stream<Path> left = Files.list(dir)) {
                for (Path other : left.filter(p -> !p.getFileName().toString().startsWith("kill-")).toList()) {
                    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(other),
                            context + ": " + other + " left beside the recording");
                }
            }
        }
    }
}
