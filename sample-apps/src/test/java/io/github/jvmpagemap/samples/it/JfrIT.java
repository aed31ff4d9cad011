package io.github.jvmpagemap.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.KernelView;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's JFR events in real recordings: with the shipped settings, through the agent's own
 * {@code recording=}, after SIGKILL, against smaps, and read by both the JDK's parser and JMC's.
 */
class JfrIT {
    static final String JFC_IN_JAR = "io/github/jvmpagemap/jfr/jvm-pagemap.jfc";

    @TempDir
    Path dir;

    /** The recording, written at exit, once it holds the first periodic emission (10 s after the start). */
    @Cases
    void shippedSettingsRecordEveryRegionWithStartFlightRecording(Case c, Apps apps) throws Exception {
        Path jfc = shippedSettings();
        Path file = dir.resolve("app.jfr");
        // The settings= key repeated: JDK 17 and 25 both ignore a second file after a bare comma.
        String jfr = "-XX:StartFlightRecording:settings=default,settings=" + jfc + ",filename=" + file;
        App app = apps.start(c.app("idle").jvmArgs("-Xmx256m", jfr).endsWhenTold());
        Path soFar = Files.createTempFile("so-far", ".jfr");
        await().atMost(App.PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> !app.recordedSoFar(JfrFiles.REGION_EVENT, soFar).isEmpty());
        Files.delete(soFar);
        assertEquals(0, app.end(), app::transcript);
        assertFalse(app.stderr().stream().anyMatch(l -> l.contains("jvmpagemap") || l.contains("Exception")),
                () -> "JFR says nothing about our events or settings\n" + app.transcript());
        List<RecordedEvent> regions = JfrFiles.events(file, JfrFiles.REGION_EVENT);
        Set<String> names = regions.stream().map(e -> e.getString("region")).collect(Collectors.toSet());
        assertEquals(Set.copyOf(Region.ROWS), names);
        assertTrue(regions.stream().anyMatch(e -> String.valueOf(e.getString("subRegion")).startsWith("CodeHeap '")));
        for (RecordedEvent e : regions) {
            Duration age = Duration.between(Instant.ofEpochMilli(e.getLong("scanTime")), e.getStartTime());
            assertTrue(!age.isNegative() && age.compareTo(Duration.ofSeconds(11)) <= 0,
                    () -> "each emission uses a scan no older than the 10 s period: " + e);
            assertTrue(e.getLong("resident") <= e.getLong("committed") && e.getLong("committed") <= e.getLong("reserved"),
                    e::toString);
        }
        List<RecordedEvent> scans = JfrFiles.events(file, JfrFiles.SCAN_EVENT);
        assertFalse(scans.isEmpty());
        assertTrue(scans.stream().allMatch(e -> e.getString("method").equals("pagemap") && e.getLong("pagesExamined") > 0));
        JfrFiles.assertJmcAgrees(file, JfrFiles.REGION_EVENT, "resident");
        JfrFiles.assertJmcAgrees(file, JfrFiles.SCAN_EVENT, "processResident");
    }

    /**
     * Region events recorded every second agree with smaps read while the app is stopped just
     * after an emission: the app is looked at once a period, and the recording dumped and compared
     * after each look, until a quiet look (no JIT at work) finds the last emission before it
     * agreeing with the kernel.
     */
    @Cases
    void regionEventsAgreeWithSmaps(Case c, Apps apps) throws Exception {
        Path everySecond = Files.writeString(dir.resolve("every-second.jfc"), Files.readString(shippedSettings())
                .replace("<setting name=\"period\">10 s</setting>", "<setting name=\"period\">1 s</setting>"));
        String jfr = "-XX:StartFlightRecording:settings=" + everySecond + ",name=pagemap";
        App app = apps.start(c.app("idle").agent("interval=1h").jvmArgs("-Xmx512m", jfr));
        Layout layout = app.layout();
        Path file = dir.resolve("dump.jfr");
        List<String> mismatches = List.of("no emission before the first look");
        for (int look = 0; look < 30 && !mismatches.isEmpty(); look++) {
            await().pollDelay(Duration.ofMillis(1300)).until(() -> true);
            Instant when = Instant.now();
            KernelView seen = app.whileStopped(() -> KernelView.of(app.pid(), layout));
            Files.deleteIfExists(file);
            app.jvm().jfrDump("name=pagemap", "filename=" + file);
            mismatches = lastEmissionBefore(when.minusMillis(50), file)
                    .map(read -> SmapsAgreement.mismatches(read, seen, layout))
                    .orElse(List.of("no emission before the look at " + when));
        }
        assertEquals(List.of(), mismatches, app::transcript);
        JfrFiles.assertJmcAgrees(file, JfrFiles.REGION_EVENT, "committed");
    }

    /** The last emission before {@code time} in the recording {@code file}, its region and scan events as a report. */
    private static java.util.Optional<Report> lastEmissionBefore(Instant time, Path file) throws IOException {
        // One emission: the events from one scan (each event has its own commit time).
        TreeMap<Instant, List<RecordedEvent>> emissions = new TreeMap<>();
        JfrFiles.events(file, JfrFiles.REGION_EVENT).stream()
                .collect(Collectors.groupingBy(e -> e.getLong("scanTime")))
                .values().forEach(events -> emissions.put(events.stream().map(RecordedEvent::getStartTime)
                        .max(Instant::compareTo).orElseThrow(), events));
        Map<Long, RecordedEvent> scanByTime = JfrFiles.events(file, JfrFiles.SCAN_EVENT).stream()
                .collect(Collectors.toMap(e -> e.getLong("scanTime"), e -> e, (a, b) -> a));
        Map.Entry<Instant, List<RecordedEvent>> last = emissions.floorEntry(time);
        if (last == null) {
            return java.util.Optional.empty();
        }
        long scanTime = last.getValue().get(0).getLong("scanTime");
        RecordedEvent scan = scanByTime.get(scanTime);
        if (scan == null) {
            throw new AssertionError("no " + JfrFiles.SCAN_EVENT + " for the scan at " + scanTime);
        }
        List<Report.Row> rows = new ArrayList<>();
        for (RecordedEvent e : last.getValue()) {
            rows.add(new Report.Row(e.getString("region"), e.getString("subRegion"), -1, -1,
                    e.getLong("reserved"), e.getLong("committed"), e.getLong("resident"), e.getLong("swapped"),
                    -1, -1, e.getLong("zeroPage"), -1, -1, -1));
        }
        return java.util.Optional.of(new Report(Instant.ofEpochMilli(scanTime), -1, scan.getString("method"), "", "",
                scan.getLong("processResident"), scan.getLong("hugetlb"), scan.getLong("attributed"), scan.getLong("extraViews"),
                scan.getLong("unattributed"), rows, List.of(), List.of()));
    }

    @Cases
    void recordingOptionWritesAPrivateFileThatSurvivesSigkill(Case c, Apps apps) throws Exception {
        Path file = dir.resolve("agent.jfr");
        App app = apps.start(c.app("idle").agent("interval=1s,recording=" + file).jvmArgs("-Xmx256m"));
        await().atMost(App.PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !JfrFiles.events(file, JfrFiles.REGION_EVENT).isEmpty()
                        && (c.jdk().feature() < 21 || !JfrFiles.events(file, "jdk.ResidentSetSize").isEmpty()));
        assertEquals(List.of("jvm-pagemap: note: recording to " + file), AgentLines.about("recording", app.stderr()),
                app::transcript);
        app.close(); // SIGKILL
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        Set<String> regions = JfrFiles.events(file, JfrFiles.REGION_EVENT).stream().map(e -> e.getString("region"))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(Region.ROWS), regions);
        if (c.jdk().feature() >= 21) {
            assertFalse(JfrFiles.events(file, "jdk.ResidentSetSize").isEmpty(), "the JDK's RSS for context");
        }
        JfrFiles.assertJmcAgrees(file, JfrFiles.REGION_EVENT, "resident");
        // A kill during a rewrite of the file leaves the rewrite's temporary file: private, as the file is.
        for (String other : listing()) {
            if (!other.equals("agent.jfr")) {
                assertTrue(other.startsWith(".agent.jfr") && other.endsWith(".tmp"), () -> "left beside it: " + other);
                assertEquals(PosixFilePermissions.fromString("rw-------"),
                        Files.getPosixFilePermissions(dir.resolve(other)), other);
            }
        }
    }

    /**
     * The default interval, 10 s: the first periodic emission would come long after the kill,
     * which comes once the first scan is in the file, however long that scan took (the next one
     * is ten seconds after it).
     */
    @Cases
    void aJvmKilledSecondsAfterStartLeavesTheFirstScanInItsRecording(Case c, Apps apps) throws Exception {
        Path file = dir.resolve("early.jfr");
        App app = apps.start(c.app("idle").agent("recording=" + file).jvmArgs("-Xmx256m"));
        await().atMost(Duration.ofSeconds(9)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> !JfrFiles.events(file, JfrFiles.REGION_EVENT).isEmpty());
        app.close(); // SIGKILL
        Set<String> regions = JfrFiles.events(file, JfrFiles.REGION_EVENT).stream().map(e -> e.getString("region"))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(Region.ROWS), regions, "the first scan, whole");
        assertEquals(1, JfrFiles.events(file, JfrFiles.SCAN_EVENT).size());
    }

    /** The app ends once its recording holds two scans; what the exit writes adds to them, and loses none. */
    @Cases
    void aNormalExitWritesEveryScansEventsOnceAndLeavesNoTemporaryFile(Case c, Apps apps) throws Exception {
        Path file = dir.resolve("exit.jfr");
        App app = apps.start(c.app("idle").agent("interval=1s,recording=" + file).jvmArgs("-Xmx256m").endsWhenTold());
        Path soFar = Files.createTempFile("so-far", ".jfr");
        int[] recorded = {0};
        await().atMost(App.PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> (recorded[0] = app.recordedSoFar(JfrFiles.SCAN_EVENT, soFar).size()) >= 2);
        Files.delete(soFar);
        assertEquals(0, app.end(), app::transcript);
        List<RecordedEvent> scans = JfrFiles.events(file, JfrFiles.SCAN_EVENT);
        assertTrue(scans.size() >= recorded[0], () -> scans.size() + " scans after the exit, " + recorded[0] + " before");
        List<Long> times = scans.stream().map(e -> e.getLong("scanTime")).toList();
        assertEquals(times.size(), Set.copyOf(times).size(), "each scan once: " + times);
        List<String> rows = JfrFiles.events(file, JfrFiles.REGION_EVENT).stream()
                .map(e -> e.getLong("scanTime") + " " + e.getString("region") + "/" + e.getString("subRegion")).toList();
        assertEquals(rows.size(), Set.copyOf(rows).size(), "each region of each scan once");
        assertEquals(Set.copyOf(times), rows.stream().map(r -> Long.parseLong(r.split(" ")[0]))
                .collect(Collectors.toSet()), "the regions of every scan, the last one's included");
        assertEquals(List.of("exit.jfr"), listing(), "no temporary file left behind");
    }

    @Cases
    void recordingOptionKeepsAnExistingFileAndDoesNotFollowALink(Case c, Apps apps) throws Exception {
        Path requested = Files.writeString(dir.resolve("r.jfr"), "precious");
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "also precious");
        Files.createSymbolicLink(dir.resolve("r-1.jfr"), elsewhere);
        Path used = dir.resolve("r-2.jfr");
        // Ended once the recording holds a scan, which the exit writes out.
        App app = apps.start(c.app("idle").agent("interval=1s,recording=" + requested).jvmArgs("-Xmx256m")
                .endsWhenTold());
        Path soFar = Files.createTempFile("so-far", ".jfr");
        await().atMost(App.PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> !app.recordedSoFar(JfrFiles.REGION_EVENT, soFar).isEmpty());
        Files.delete(soFar);
        assertEquals(0, app.end(), app::transcript);
        assertEquals(List.of("jvm-pagemap: note: recording: " + requested + " exists and is kept; recording to " + used,
                "jvm-pagemap: note: recording to " + used), AgentLines.about("recording", app.stderr()));
        assertEquals("precious", Files.readString(requested));
        assertEquals("also precious", Files.readString(elsewhere));
        assertTrue(Files.isSymbolicLink(dir.resolve("r-1.jfr")));
        assertFalse(JfrFiles.events(used, JfrFiles.REGION_EVENT).isEmpty(), "written out at exit");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(used));
    }

    /**
     * JDK 17's JFR deadlocks when an event class is registered on one thread while another sets
     * up its exception tracing, which a recording started at launch does on the main thread right
     * after premain (seen here once in about twenty launches on a busy machine): the agent then
     * registers in premain. Launched eight times at once, the app must come up and exit every time.
     */
    @Cases
    void aRecordingStartedAtLaunchNeverHoldsTheAppUp(Case c, Apps apps) throws Exception {
        Launch launch = c.app("idle").agent("interval=1h").jvmArgs("-Xmx256m", "-XX:StartFlightRecording").seconds(1)
                .readyWhen(null);
        List<App> launched = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            launched.add(apps.start(launch));
        }
        for (App app : launched) {
            assertEquals(0, app.awaitExit(), app::transcript);
            assertTrue(app.stdout().stream().anyMatch(l -> l.contains("ready")), app::transcript);
        }
    }

    @Cases
    void withoutARecordingTheEventsCostNothing(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("jfr=on,print=1s").jvmArgs("-Xmx256m"));
        app.awaitTable(1);
        List<String> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + app.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                threads.add(Files.readString(task.resolve("comm")).trim());
            }
        }
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("jvm-pagemap")), threads::toString);
        assertFalse(threads.stream().anyMatch(t -> t.startsWith("JFR")), () -> "JFR was started: " + threads);
    }

    private Path shippedSettings() throws IOException {
        Path jfc = dir.resolve("jvm-pagemap.jfc");
        try (JarFile jar = new JarFile(AgentJar.PATH.toFile()); InputStream in = jar.getInputStream(
                jar.getEntry(JFC_IN_JAR))) {
            Files.copy(in, jfc);
        }
        return jfc;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
