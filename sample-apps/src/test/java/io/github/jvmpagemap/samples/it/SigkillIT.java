package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Jdk;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGKILL at random moments of a busy JVM recording with {@code recording=}: whenever the kill
 * falls (during a scan, a rewrite of the file, a collection), what is left is a whole recording
 * the JDK's parser and JMC's read, every scan in it with all its regions, no older than the
 * longer of one interval and one minute; anything else left beside it is private. The moments
 * come from a seed printed with every failure; {@code -Djvmpagemap.it.seed=N} replays them.
 */
class SigkillIT {
    private static final int KILLS_PER_JDK = 3;
    private static final long LATEST_KILL_MILLIS = 20_000;
    /**
     * The file is made when the recording starts if JFR has something to write by then (JDK 25),
     * else with the first scan (JDK 17), and holds the first scan as soon as that scan ends: a kill
     * this early may leave no file, or one without a scan. The first scan walks the whole process,
     * interpreted, on a machine busy with other tests: seconds.
     */
    private static final long FIRST_SCAN_MILLIS = 6_000;
    private static final Duration LOSES_AT_MOST = Duration.ofMinutes(1);
    private static final long SEED = Long.getLong("jvmpagemap.it.seed", System.nanoTime());

    @TempDir
    Path dir;

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whereverAKillFallsTheRecordingLeftIsWholeAndRecent(Jdk jdk) throws Exception {
        Random random = new Random(SEED + jdk.feature());
        for (int kill = 0; kill < KILLS_PER_JDK; kill++) {
            long afterMillis = 500 + (long) (random.nextDouble() * (LATEST_KILL_MILLIS - 500));
            String context = "seed " + SEED + ", JDK " + jdk.feature() + ", kill " + kill + " after " + afterMillis
                    + " ms";
            Path file = dir.resolve("kill-" + jdk.feature() + "-" + kill + ".jfr");
            Instant killed;
            try (ChildJvm app = ChildJvm.start(jdk, "interval=1s,recording=" + file, List.of("-Xmx256m"), "churn")) {
                Thread.sleep(afterMillis);
                killed = Instant.now();
            } // SIGKILL
            if (!Files.exists(file)) {
                assertTrue(afterMillis < FIRST_SCAN_MILLIS, context + ": no recording left");
                continue;
            }
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file), context);
            if (Files.size(file) == 0) {
                // The name taken, nothing written yet: the recording had only just started.
                assertTrue(afterMillis < FIRST_SCAN_MILLIS, context + ": an empty recording left");
                continue;
            }
            List<RecordedEvent> scans = JfrFiles.events(file, JfrIT.SCAN_EVENT);
            if (scans.isEmpty()) {
                assertTrue(afterMillis < FIRST_SCAN_MILLIS, context + ": a recording without a scan");
                continue;
            }
            Map<Long, Set<String>> regionsByScan = JfrFiles.events(file, JfrIT.REGION_EVENT).stream()
                    .filter(e -> e.getString("subRegion").isEmpty())
                    .collect(Collectors.groupingBy(e -> e.getLong("scanTime"),
                            Collectors.mapping(e -> e.getString("region"), Collectors.toSet())));
            for (RecordedEvent scan : scans) {
                assertEquals(Set.copyOf(Region.ROWS), regionsByScan.get(scan.getLong("scanTime")),
                        context + ": the scan of " + scan.getStartTime() + " whole");
            }
            Instant latest = scans.stream().map(RecordedEvent::getStartTime).max(Instant::compareTo).orElseThrow();
            assertTrue(Duration.between(latest, killed).compareTo(LOSES_AT_MOST.plusSeconds(5)) < 0,
                    context + ": the latest scan on disk is of " + latest + ", the kill at " + killed);
            JfrFiles.assertJmcAgrees(file, JfrIT.REGION_EVENT, "resident");
            try (Stream<Path> left = Files.list(dir)) {
                for (Path other : left.filter(p -> !p.getFileName().toString().startsWith("kill-")).toList()) {
                    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(other),
                            context + ": " + other + " left beside the recording");
                }
            }
        }
    }
}
