package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.JmxClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.MBeanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults the host application must never notice: a runtime linked without the modules the agent
 * uses, a full disk under its recording and snapshot, many JMX clients at once. In each the
 * application's exit code and standard output are what they are without the agent, and the agent
 * says what it could not do in one line each.
 */
class FaultsIT {
    @TempDir
    Path dir;

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    /** A runtime of {@code jdk} linked with only {@code modules}, made once per test run. */
    private static Jdk linked(Jdk jdk, String name, String modules) throws Exception {
        Path image = Path.of("target", "runtimes", jdk.feature() + "-" + name).toAbsolutePath();
        if (!Files.isExecutable(image.resolve("bin/java"))) {
            Process jlink = new ProcessBuilder(jdk.home().resolve("bin/jlink").toString(), "--add-modules", modules,
                    "--output", image.toString()).redirectErrorStream(true).start();
            String output = new String(jlink.getInputStream().readAllBytes());
            assertTrue(jlink.waitFor(2, TimeUnit.MINUTES) && jlink.exitValue() == 0, output);
        }
        return new Jdk(image, jdk.feature());
    }

    /** Runs the idle app for two seconds with and without the agent: same exit code and output; the agent's lines. */
    private static final String APP_SECONDS = "4";

    private static List<String> agentLinesOfAnUnchangedRun(Jdk jdk, String options) throws Exception {
        List<String> stdout;
        int exit;
        // Long enough for the agent's first scan, which walks the whole process, on a loaded machine.
        try (ChildJvm app = ChildJvm.start(jdk, null, List.of("-Xmx128m"), "idle", APP_SECONDS)) {
            exit = app.awaitExit();
            stdout = app.stdout();
        }
        try (ChildJvm app = ChildJvm.start(jdk, options, List.of("-Xmx128m"), "idle", APP_SECONDS)) {
            assertEquals(exit, app.awaitExit(), app::transcript);
            assertEquals(stdout, app.stdout(), app::transcript);
            assertFalse(app.stderr().stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception")),
                    app::transcript);
            return app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap: ")).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRuntimeWithoutJfrRunsTheAppUnchangedAndTheAgentSaysWhatItLacks(Jdk jdk) throws Exception {
        Jdk noJfr = linked(jdk, "no-jfr", "java.base,java.instrument,java.management,jdk.management");
        List<String> lines = agentLinesOfAnUnchangedRun(noJfr, "recording=" + Path.of("target", "none.jfr")
                .toAbsolutePath());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm-pagemap: note: JFR events not registered (this runtime"
                + " lacks the jdk.jfr module")), lines::toString);
        assertTrue(lines.contains("jvm-pagemap: recording= needs the JFR events (jfr=on, and the jdk.jfr module); no"
                + " recording is made"), lines::toString);
        assertFalse(Files.exists(Path.of("target", "none.jfr")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRuntimeWithoutJdkManagementRunsTheAppUnchangedAndTheAgentStopsWithOneLine(Jdk jdk) throws Exception {
        Jdk noManagement = linked(jdk, "no-jdk-management", "java.base,java.instrument,java.management,jdk.jfr");
        List<String> lines = agentLinesOfAnUnchangedRun(noManagement, "interval=500ms,method=pagemap");
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("jvm-pagemap: no JVM region could be found (")
                && lines.get(0).contains("the jdk.management module"), lines::toString);
    }

    @Test
    void aFullDiskCostsTheRecordingAndTheSnapshotButNeitherTheAppNorAPartialFile() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root");
        Jdk jdk = Jdk.installed().get(Jdk.installed().size() - 1);
        Path full = Files.createDirectory(dir.resolve("full"));
        run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", full.toString());
        try {
            // All but 16 KiB taken before the app starts: neither the recording nor a snapshot fits,
            // however early or small the agent's first write.
            Files.write(full.resolve("filler"), new byte[112 * 1024]);
            Path recording = full.resolve("r.jfr");
            try (ChildJvm app = ChildJvm.start(jdk, "interval=1s,recording=" + recording, List.of("-Xmx128m"),
                    "idle", "4")) {
                app.awaitStdout("ready");
                Path snapshot = full.resolve("s.jfr");
                CommandLineRun refused = CommandLineRun.of(jdk, "snapshot", Long.toString(app.pid()),
                        snapshot.toString());
                assertEquals(1, refused.exitCode(), refused::transcript);
                assertEquals(1, refused.stderrLines().size(), refused::transcript);
                assertFalse(Files.exists(snapshot), "no partial snapshot is left");
                assertEquals(0, app.awaitExit(), app::transcript);
                List<String> lines = app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap: recording") || l.startsWith("jvm-pagemap: note: recording")).toList();
                assertTrue(lines.stream().anyMatch(l -> l.contains("no space left")), app::transcript);
                assertTrue(lines.stream().noneMatch(l -> l.contains("Unexpected error")), app::transcript);
            }
            try (Stream<Path> left = Files.list(full)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                        "no temporary file left behind");
            }
        } finally {
            run("umount", full.toString());
        }
    }

    @Test
    void twentyConcurrentJmxClientsCallingEveryOperationAllGetAnAnswerAndTheAppRunsOn() throws Exception {
        Jdk jdk = Jdk.installed().get(Jdk.installed().size() - 1);
        // An interval longer than the test, so that the limits below hold however slowly the clients attach.
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1h", List.of("-Xmx128m"), "idle")) {
            app.awaitStdout("ready");
            List<Callable<String>> clients = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                Path file = dir.resolve("snapshot-" + c + ".jfr");
                clients.add(() -> {
                    try (JmxClient client = JmxClient.connect(app.pid()).awaitBeans()) {
                        for (int round = 0; round < 5; round++) {
                            client.report();
                            client.connection.invoke(JmxClient.RESIDENCY, "scanNow", new Object[0], new String[0]);
                        }
                        try {
                            client.connection.invoke(JmxClient.RESIDENCY, "snapshot", new Object[] {file.toString()},
                                    new String[] {String.class.getName()});
                            return "snapshot";
                        } catch (MBeanException refused) {
                            return "refused: " + refused.getCause().getMessage();
                        }
                    }
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients.size());
            List<String> answers = new ArrayList<>();
            try {
                for (Future<String> answer : pool.invokeAll(clients, 3, TimeUnit.MINUTES)) {
                    answers.add(answer.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, answers.stream().filter("snapshot"::equals).count(), answers::toString);
            assertTrue(answers.stream().filter(a -> !a.equals("snapshot"))
                    .allMatch(a -> a.startsWith("refused: one snapshot per interval")
                            || a.equals("refused: a snapshot is being taken; one at a time")), answers::toString);
            try (JmxClient client = JmxClient.connect(app.pid())) {
                Map<String, Object> after = client.attributes(JmxClient.RESIDENCY, "ScanCount");
                assertTrue((Long) after.get("ScanCount") <= 2, () -> "the first scan and the snapshot's: a hundred"
                        + " reads and scanNow() calls within the interval cause none: " + after);
            }
            assertTrue(app.isAlive(), app::transcript);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + output);
    }
}
