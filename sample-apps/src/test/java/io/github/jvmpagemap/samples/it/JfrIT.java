package io.github.jvmpagemap.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's JFR events in real recordings: with the shipped settings, through the agent's own
 * {@code recording=}, after SIGKILL, against smaps, and read by both the JDK's parser and JMC's.
 */
class JfrIT {
    static final String REGION_EVENT = "jvmpagemap.RegionResidency";
    static final String SCAN_EVENT = "jvmpagemap.ResidencyScan";
    static final String JFC_IN_JAR = "io/github/jvmpagemap/jfr/jvm-pagemap.jfc";

    @TempDir
    Path dir;

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void shippedSettingsRecordEveryRegionWithStartFlightRecording(Jdk jdk) throws Exception {
        Path jfc = shippedSettings();
        Path file = dir.resolve("app.jfr");
        // The settings= key repeated: JDK 17 and 25 both ignore a second file after a bare comma.
        String jfr = "-XX:StartFlightRecording:settings=default,settings=" + jfc + ",filename=" + file;
        try (ChildJvm app = ChildJvm.start(jdk, "", List.of("-Xmx256m", jfr), "idle", "12")) {
            assertEquals(0, app.awaitExit(), app::transcript);
            assertFalse(app.stderr().stream().anyMatch(l -> l.contains("jvmpagemap") || l.contains("Exception")),
                    () -> "JFR says nothing about our events or settings\n" + app.transcript());
        }
        List<RecordedEvent> regions = JfrFiles.events(file, REGION_EVENT);
        Set<String> names = regions.stream().map(e -> e.getString("region")).collect(Collectors.toSet());
        assertEquals(Set.copyOf(Region.ROWS), names);
        assertTrue(regions.stream().anyMatch(e -> e.getString("subRegion").startsWith("CodeHeap '")));
        for (RecordedEvent e : regions) {
            Duration age = Duration.between(Instant.ofEpochMilli(e.getLong("scanTime")), e.getStartTime());
            assertTrue(!age.isNegative() && age.compareTo(Duration.ofSeconds(11)) <= 0,
                    () -> "each emission uses a scan no older than the 10 s period: " + e);
            assertTrue(e.getLong("resident") <= e.getLong("committed") && e.getLong("committed") <= e.getLong("reserved"),
                    e::toString);
        }
        List<RecordedEvent> scans = JfrFiles.events(file, SCAN_EVENT);
        assertFalse(scans.isEmpty());
        assertTrue(scans.stream().allMatch(e -> e.getString("method").equals("pagemap") && e.getLong("pagesExamined") > 0));
        JfrFiles.assertJmcAgrees(file, REGION_EVENT, "resident");
        JfrFiles.assertJmcAgrees(file, SCAN_EVENT, "processResident");
    }

    /**
     * Region events recorded every second agree with smaps read while the app is stopped just
     * after an emission; as for the printed table, a quiet instant (no JIT at work) is waited for.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void regionEventsAgreeWithSmaps(Jdk jdk) throws Exception {
        Path everySecond = Files.writeString(dir.resolve("every-second.jfc"), Files.readString(shippedSettings())
                .replace("<setting name=\"period\">10 s</setting>", "<setting name=\"period\">1 s</setting>"));
        String jfr = "-XX:StartFlightRecording:settings=" + everySecond + ",name=pagemap";
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1h", List.of("-Xmx512m", jfr), "idle")) {
            app.awaitStdout("ready");
            Layout layout = LayoutOracle.of(jdk, app.pid());
            List<Instant> when = new ArrayList<>();
            List<SmapsAgreement.KernelView> seen = new ArrayList<>();
            // The JIT and class loading go on for seconds after start (the agent's own first scans
            // among them), growing the code cache and metaspace between an emission and a look:
            // the looks begin once that has mostly settled.
            await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9)).until(() -> true);
            for (int attempt = 0; attempt < 12; attempt++) {
                await().pollDelay(Duration.ofMillis(1300)).until(() -> true);
                seen.add(app.whileStopped(() -> {
                    when.add(Instant.now());
                    return SmapsAgreement.KernelView.of(app.pid(), layout);
                }));
            }
            Path file = dir.resolve("dump.jfr");
            ChildJvm.run(List.of(jdk.jcmd().toString(), Long.toString(app.pid()), "JFR.dump", "name=pagemap",
                    "filename=" + file));
            // One emission: the events from one scan (each event has its own commit time).
            TreeMap<Instant, List<RecordedEvent>> emissions = new TreeMap<>();
            JfrFiles.events(file, REGION_EVENT).stream()
                    .collect(Collectors.groupingBy(e -> e.getLong("scanTime")))
                    .values().forEach(events -> emissions.put(events.stream().map(RecordedEvent::getStartTime)
                            .max(Instant::compareTo).orElseThrow(), events));
            Map<Long, RecordedEvent> scanByTime = JfrFiles.events(file, SCAN_EVENT).stream()
                    .collect(Collectors.toMap(e -> e.getLong("scanTime"), e -> e, (a, b) -> a));
            List<String> mismatches = List.of("no emission before the first observation");
            for (int k = 0; k < seen.size() && !mismatches.isEmpty(); k++) {
                Map.Entry<Instant, List<RecordedEvent>> last = emissions.floorEntry(when.get(k).minusMillis(50));
                if (last == null) {
                    continue;
                }
                long scanTime = last.getValue().get(0).getLong("scanTime");
                RecordedEvent scan = scanByTime.get(scanTime);
                if (scan == null) {
                    mismatches = List.of("no " + SCAN_EVENT + " for the scan at " + scanTime);
                    continue;
                }
                List<Report.Row> rows = new ArrayList<>();
                for (RecordedEvent e : last.getValue()) {
                    rows.add(new Report.Row(e.getString("region"), e.getString("subRegion"), -1, -1,
                            e.getLong("reserved"), e.getLong("committed"), e.getLong("resident"), e.getLong("swapped"),
                            -1, -1, e.getLong("zeroPage"), -1, -1, -1));
                }
                Report read = new Report(Instant.ofEpochMilli(scanTime), -1, scan.getString("method"), "", "",
                        scan.getLong("processResident"), scan.getLong("attributed"), scan.getLong("extraViews"),
                        scan.getLong("unattributed"), rows, List.of());
                mismatches = SmapsAgreement.mismatches(read, seen.get(k), layout);
            }
            assertEquals(List.of(), mismatches, app::transcript);
            JfrFiles.assertJmcAgrees(file, REGION_EVENT, "committed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void recordingOptionWritesAPrivateFileThatSurvivesSigkill(Jdk jdk) throws Exception {
        Path file = dir.resolve("agent.jfr");
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1s,recording=" + file, List.of("-Xmx256m"), "idle")) {
            app.awaitStdout("ready");
            await().atMost(ChildJvm.PATIENCE).ignoreExceptions()
                    .until(() -> !JfrFiles.events(file, REGION_EVENT).isEmpty()
                            && (jdk.feature() < 21 || !JfrFiles.events(file, "jdk.ResidentSetSize").isEmpty()));
            assertEquals(List.of("jvm-pagemap: note: recording to " + file), recordingLines(app), app::transcript);
        } // SIGKILL
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        Set<String> regions = JfrFiles.events(file, REGION_EVENT).stream().map(e -> e.getString("region"))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(Region.ROWS), regions);
        if (jdk.feature() >= 21) {
            assertFalse(JfrFiles.events(file, "jdk.ResidentSetSize").isEmpty(), "the JDK's RSS for context");
        }
        JfrFiles.assertJmcAgrees(file, REGION_EVENT, "resident");
        assertEquals(List.of("agent.jfr"), listing(), "no temporary file left behind");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aJvmKilledSecondsAfterStartLeavesTheFirstScanInItsRecording(Jdk jdk) throws Exception {
        Path file = dir.resolve("early.jfr");
        // The default interval, 10 s: the first periodic emission would come long after the kill.
        try (ChildJvm app = ChildJvm.start(jdk, "recording=" + file, List.of("-Xmx256m"), "idle")) {
            app.awaitStdout("ready");
            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !JfrFiles.events(file, REGION_EVENT).isEmpty());
        } // SIGKILL
        Set<String> regions = JfrFiles.events(file, REGION_EVENT).stream().map(e -> e.getString("region"))
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(Region.ROWS), regions, "the first scan, whole");
        assertEquals(1, JfrFiles.events(file, SCAN_EVENT).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aNormalExitWritesEveryScansEventsOnceAndLeavesNoTemporaryFile(Jdk jdk) throws Exception {
        Path file = dir.resolve("exit.jfr");
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1s,recording=" + file, List.of("-Xmx256m"), "idle", "8")) {
            assertEquals(0, app.awaitExit(), app::transcript);
        }
        List<RecordedEvent> scans = JfrFiles.events(file, SCAN_EVENT);
        assertTrue(scans.size() >= 2, () -> scans.size() + " scans recorded in an 8 s run at 1 s");
        List<Long> times = scans.stream().map(e -> e.getLong("scanTime")).toList();
        assertEquals(times.size(), Set.copyOf(times).size(), "each scan once: " + times);
        List<String> rows = JfrFiles.events(file, REGION_EVENT).stream()
                .map(e -> e.getLong("scanTime") + " " + e.getString("region") + "/" + e.getString("subRegion")).toList();
        assertEquals(rows.size(), Set.copyOf(rows).size(), "each region of each scan once");
        assertEquals(Set.copyOf(times), rows.stream().map(r -> Long.parseLong(r.split(" ")[0]))
                .collect(Collectors.toSet()), "the regions of every scan, the last one's included");
        assertEquals(List.of("exit.jfr"), listing(), "no temporary file left behind");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void recordingOptionKeepsAnExistingFileAndDoesNotFollowALink(Jdk jdk) throws Exception {
        Path requested = Files.writeString(dir.resolve("r.jfr"), "precious");
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "also precious");
        Files.createSymbolicLink(dir.resolve("r-1.jfr"), elsewhere);
        Path used = dir.resolve("r-2.jfr");
        // Long enough for a first scan of the whole process on a busy machine, which the exit writes out.
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1s,recording=" + requested, List.of("-Xmx256m"), "idle", "5")) {
            assertEquals(0, app.awaitExit(), app::transcript);
            assertEquals(List.of("jvm-pagemap: note: recording: " + requested + " exists and is kept; recording to " + used,
                    "jvm-pagemap: note: recording to " + used), recordingLines(app));
        }
        assertEquals("precious", Files.readString(requested));
        assertEquals("also precious", Files.readString(elsewhere));
        assertTrue(Files.isSymbolicLink(dir.resolve("r-1.jfr")));
        assertFalse(JfrFiles.events(used, REGION_EVENT).isEmpty(), "written out at exit");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(used));
    }

    /**
     * JDK 17's JFR deadlocks when an event class is registered on one thread while another sets
     * up its exception tracing, which a recording started at launch does on the main thread right
     * after premain (seen here once in about twenty launches on a busy machine): the agent then
     * registers in premain. Launched repeatedly, the app must come up and exit every time.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRecordingStartedAtLaunchNeverHoldsTheAppUp(Jdk jdk) throws Exception {
        for (int launch = 0; launch < 8; launch++) {
            try (ChildJvm app = ChildJvm.start(jdk, "interval=1h", List.of("-Xmx256m", "-XX:StartFlightRecording"),
                    "idle", "1")) {
                assertEquals(0, app.awaitExit(), app::transcript);
                assertTrue(app.stdout().stream().anyMatch(l -> l.contains("ready")), app::transcript);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutARecordingTheEventsCostNothing(Jdk jdk) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, "jfr=on,print=1s", List.of("-Xmx256m"), "idle")) {
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
    }

    private static List<String> recordingLines(ChildJvm app) {
        return app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap: recording") || l.startsWith("jvm-pagemap: note: recording")).toList();
    }

    private Path shippedSettings() throws IOException {
        Path jfc = dir.resolve("jvm-pagemap.jfc");
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile()); InputStream in = jar.getInputStream(
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
