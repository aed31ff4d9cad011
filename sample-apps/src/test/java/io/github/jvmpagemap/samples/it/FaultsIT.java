package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.AgentBeans;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Command;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.published.AgentLines;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Faults the host application must never notice: a runtime linked without the modules the agent
 * uses, a full disk under its recording and snapshot, many JMX clients at once. In each the
 * application's exit code and standard output are what they are without the agent, and the agent
 * says what it could not do in one line each.
 */
class FaultsIT {
    @TempDir
    Path dir;

    /** A runtime of {@code jdk} linked with only {@code modules}, made once per test run. */
    private static synchronized Jdk linked(Jdk jdk, String name, String modules) {
        Path image = Path.of("target", "runtimes", jdk.feature() + "-" + name).toAbsolutePath();
        if (!Files.isExecutable(image.resolve("bin/java"))) {
            Command.output(jdk.home().resolve("bin/jlink").toString(), "--add-modules", modules, "--output",
                    image.toString());
        }
        return new Jdk(image, jdk.feature());
    }

    /**
     * Runs the idle app with and without the agent: same exit code and output; the agent's lines
     * once it has said {@code last}, which its first scan would say, when the app ends.
     */
    private static List<String> agentLinesOfAnUnchangedRun(Apps apps, Jdk jdk, String options, String last)
            throws Exception {
        Launch idle = Launch.of(jdk, "idle").jvmArgs("-Xmx128m").endsWhenTold();
        App plain = apps.start(idle.withoutAgent());
        int exit = plain.end();
        App app = apps.start(idle.agent(options));
        app.awaitStderr(last);
        assertEquals(exit, app.end(), app::transcript);
        assertEquals(plain.stdout(), app.stdout(), app::transcript);
        assertFalse(app.stderr().stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Exception")),
                app::transcript);
        return AgentLines.all(app.stderr());
    }

    @Cases
    void aRuntimeWithoutJfrRunsTheAppUnchangedAndTheAgentSaysWhatItLacks(Case c, Apps apps) throws Exception {
        Jdk noJfr = linked(c.jdk(), "no-jfr", "java.base,java.instrument,java.management,jdk.management");
        Path none = dir.resolve("none.jfr");
        List<String> lines = agentLinesOfAnUnchangedRun(apps, noJfr, "recording=" + none, "no recording is made");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jvm-pagemap: note: JFR events not registered (this runtime"
                + " lacks the jdk.jfr module")), lines::toString);
        assertTrue(lines.contains("jvm-pagemap: recording= needs the JFR events (jfr=on, and the jdk.jfr module); no"
                + " recording is made"), lines::toString);
        assertFalse(Files.exists(none));
    }

    @Cases
    void aRuntimeWithoutJdkManagementRunsTheAppUnchangedAndTheAgentStopsWithOneLine(Case c, Apps apps)
            throws Exception {
        Jdk noManagement = linked(c.jdk(), "no-jdk-management", "java.base,java.instrument,java.management,jdk.jfr");
        List<String> lines = agentLinesOfAnUnchangedRun(apps, noManagement, "interval=500ms,method=pagemap",
                "no JVM region could be found");
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("jvm-pagemap: no JVM region could be found (")
                && lines.get(0).contains("the jdk.management module"), lines::toString);
    }

    /** A tmpfs mounted in the tests' own mount namespace, which the apps of concurrent tests copy. */
    @Cases(jdks = Cases.Jdks.NEWEST)
    @Needs(Requirement.ROOT)
    @ResourceLock(Locks.MOUNTS)
    void aFullDiskCostsTheRecordingAndTheSnapshotButNeitherTheAppNorAPartialFile(Case c, Apps apps) throws Exception {
        Path full = Files.createDirectory(dir.resolve("full"));
        Command.output("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", full.toString());
        try {
            // All but 16 KiB taken before the app starts: neither the recording nor a snapshot fits,
            // however early or small the agent's first write.
            Files.write(full.resolve("filler"), new byte[112 * 1024]);
            Path recording = full.resolve("r.jfr");
            App app = apps.start(c.app("idle").agent("interval=1s,recording=" + recording).jvmArgs("-Xmx128m")
                    .endsWhenTold());
            Path snapshot = full.resolve("s.jfr");
            CommandLineRun refused = CommandLineRun.of(c.jdk(), "snapshot", Long.toString(app.pid()), snapshot.toString());
            assertEquals(1, refused.exitCode(), refused::transcript);
            assertEquals(1, refused.stderrLines().size(), refused::transcript);
            assertFalse(Files.exists(snapshot), "no partial snapshot is left");
            app.awaitStderr("no space left");
            assertEquals(0, app.end(), app::transcript);
            List<String> lines = AgentLines.about("recording", app.stderr());
            assertTrue(lines.stream().anyMatch(l -> l.contains("no space left")), app::transcript);
            assertTrue(lines.stream().noneMatch(l -> l.contains("Unexpected error")), app::transcript);
            try (Stream<Path> left = Files.list(full)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                        "no temporary file left behind");
            }
        } finally {
            Command.output("umount", full.toString());
        }
    }

    @Cases(jdks = Cases.Jdks.NEWEST)
    void twentyConcurrentJmxClientsCallingEveryOperationAllGetAnAnswerAndTheAppRunsOn(Case c, Apps apps)
            throws Exception {
        // An interval longer than the test, so that the limits below hold however slowly the clients attach.
        App app = apps.start(c.app("idle").agent("interval=1h").jvmArgs("-Xmx128m"));
        List<Callable<String>> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path file = dir.resolve("snapshot-" + i + ".jfr");
            // Each its own connection: the one the app holds for the tests is not these clients'.
            clients.add(() -> {
                try (App.Client client = app.newClient()) {
                    AgentBeans agent = client.agent().awaitBeans();
                    for (int round = 0; round < 5; round++) {
                        agent.report();
                        agent.scanNow();
                    }
                    try {
                        agent.snapshot(file);
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
        Map<String, Object> after = app.agent().attributes(AgentBeans.RESIDENCY, "ScanCount");
        assertTrue((Long) after.get("ScanCount") <= 2, () -> "the first scan and the snapshot's: a hundred"
                + " reads and scanNow() calls within the interval cause none: " + after);
        assertTrue(app.isAlive(), app::transcript);
    }
}
