package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.published.Json;
import io.github.jvmpagemap.samples.it.published.PrintedTable;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar jvm-pagemap-agent.jar <command>} from the packaged jar (byte-buddy-agent
 * relocated inside it), against JVMs started without the agent: attach, report (its JSON checked
 * against smaps), list, snapshot, jfc; and every refusal as one line with a non-zero exit.
 */
class CommandLineIT {

    @TempDir
    Path dir;

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void attachToAJvmStartedWithoutTheAgentThenReportAgreesWithSmaps(Jdk jdk) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, null, List.of("-Xmx512m"), "idle")) {
            app.awaitStdout("ready");
            String pid = Long.toString(app.pid());
            // Each report's JMX connection allocates in the app: with the shortest interval, the scan
            // a report reads comes after its connection's allocations, as the smaps read after it.
            CommandLineRun attach = CommandLineRun.of(jdk, "attach", pid, "interval=100ms,detail=basic");
            assertEquals(0, attach.exitCode(), attach::transcript);
            assertEquals(List.of("jvm-pagemap is running in process " + pid), attach.stdoutLines());
            List<String> note = jdk.feature() >= 21 ? List.of("jvm-pagemap: note: JDK " + jdk.feature() + " warns on"
                    + " process " + pid + "'s stderr about an agent loaded at run time; start it with"
                    + " -XX:+EnableDynamicAgentLoading or -javaagent: to avoid it") : List.of();
            assertEquals(note, attach.stderrLines(), attach::transcript);

            CommandLineRun again = CommandLineRun.of(jdk, "attach", pid, "interval=5s");
            assertEquals(0, again.exitCode(), again::transcript);
            assertEquals(List.of("jvm-pagemap is already running in process " + pid + "; options 'interval=5s' ignored"),
                    again.stdoutLines());
            assertEquals("", again.stderr());

            SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> LayoutOracle.of(jdk, app.pid()),
                    () -> CommandLineRun.jsonReport(jdk, app.pid()), SmapsAgreement::mismatches);
            assertEquals(List.of(), reading.mismatches(), app::transcript);

            CommandLineRun json = CommandLineRun.of(jdk, "report", pid, "--json");
            assertEquals(0, json.exitCode(), json::transcript);
            assertEquals("", json.stderr(), "the agent was running: nothing loaded, nothing to say");
            Map<?, ?> top = (Map<?, ?>) Json.parse(json.stdout());
            assertEquals(1L, top.get("schema"), json::transcript);
            assertEquals(app.pid(), top.get("pid"), json::transcript);

            // The table for people names the same rows, a sub-region indented under its region.
            CommandLineRun printed = CommandLineRun.of(jdk, "report", pid);
            assertEquals(0, printed.exitCode(), printed::transcript);
            assertTrue(PrintedTable.isHeader(printed.stdoutLines().get(0)), printed::transcript);
            List<String> rows = printed.stdoutLines().stream().skip(2).takeWhile(l -> !l.startsWith("Process resident"))
                    .map(l -> (l.startsWith("  ") ? "  " : "") + l.strip().split("\\s{2,}")[0]).toList();
            assertEquals(Report.fromJson(json.stdout()).rows().stream()
                    .map(r -> (r.isSubRegion() ? "  " : "") + r.name()).toList(), rows, printed::transcript);

            CommandLineRun list = CommandLineRun.of(jdk, "list");
            assertEquals(0, list.exitCode(), list::transcript);
            assertTrue(list.stdoutLines().stream().anyMatch(l -> l.matches(pid + " +running +.*jvm-pagemap-samples.jar"
                    + " idle")), list::transcript);
            if (jdk.feature() >= 21) {
                assertTrue(app.stderr().stream().anyMatch(l -> l.startsWith("WARNING: A Java agent has been loaded"
                        + " dynamically (") && l.endsWith("jvm-pagemap-agent.jar)")),
                        () -> "the JDK's own warning, which the note announced: " + app.transcript());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void reportLoadsTheAgentWhenNeededAndSaysSo(Jdk jdk) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, null, List.of("-Xmx256m", "-XX:+EnableDynamicAgentLoading"), "idle")) {
            app.awaitStdout("ready");
            String pid = Long.toString(app.pid());
            CommandLineRun report = CommandLineRun.of(jdk, "report", pid);
            assertEquals(0, report.exitCode(), report::transcript);
            assertEquals(List.of("jvm-pagemap: note: loaded the agent into process " + pid + "; it stays there"),
                    report.stderrLines(), "no dynamic-loading note: the app allows agents");
            assertTrue(PrintedTable.isHeader(report.stdoutLines().get(0)), report::transcript);
            assertFalse(app.stderr().stream().anyMatch(l -> l.startsWith("WARNING")), app::transcript);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void snapshotWritesTheFileTheTargetWasToldAndAFailureIsOneLine(Jdk jdk) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1h,detail=basic", List.of("-Xmx256m"), "idle")) {
            app.awaitStdout("ready");
            String pid = Long.toString(app.pid());
            Path file = dir.resolve("pagemap.jfr");
            CommandLineRun first = CommandLineRun.of(jdk, "snapshot", pid, file.toString());
            assertEquals(0, first.exitCode(), first::transcript);
            assertEquals(List.of("wrote " + file), first.stdoutLines());
            assertTrue(Files.size(file) > 0, "the file was written");

            CommandLineRun again = CommandLineRun.of(jdk, "snapshot", pid, file.toString());
            assertEquals(1, again.exitCode(), again::transcript);
            assertEquals(1, again.stderrLines().size(), again::transcript);
            assertTrue(again.stderrLines().get(0).startsWith("jvm-pagemap: snapshot of process " + pid + " failed: ")
                    && again.stderr().contains(file.toString()), again::transcript);
            assertNoStackTrace(again);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void noSuchProcessAndAProcessThatIsNotAJvmAreOneLineAndExitOne(Jdk jdk) throws Exception {
        CommandLineRun none = CommandLineRun.of(jdk, "report", "2147483647");
        assertRefused(none, 1, "jvm-pagemap: no such process 2147483647");
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            CommandLineRun notJvm = CommandLineRun.of(jdk, "attach", Long.toString(sleep.pid()));
            assertRefused(notJvm, 1, "jvm-pagemap: process " + sleep.pid() + " (sleep) is not a Java virtual machine");
            assertTrue(sleep.isAlive(), "nothing was sent to it (SIGQUIT would have ended it)");
        } finally {
            sleep.destroy();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aJvmThatDisablesAttachIsNamedAndUndisturbed(Jdk jdk) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, null, List.of("-XX:+DisableAttachMechanism"), "idle")) {
            app.awaitStdout("ready");
            CommandLineRun attach = CommandLineRun.of(jdk, "attach", Long.toString(app.pid()));
            assertRefused(attach, 1, "jvm-pagemap: process " + app.pid()
                    + " refuses attach (it was started with -XX:+DisableAttachMechanism)");
            assertFalse(app.stdout().stream().anyMatch(l -> l.startsWith("Full thread dump")),
                    "no SIGQUIT reached it: " + app.transcript());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anotherUsersJvmIsRefusedWithTheReason(Jdk jdk) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run the command as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
        try (ChildJvm app = ChildJvm.start(jdk, null, List.of(), "idle")) {
            app.awaitStdout("ready");
            CommandLineRun attach = CommandLineRun.of(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups"), jdk, List.of("-XX:-UsePerfData"), "attach", Long.toString(app.pid()));
            assertRefused(attach, 1, "jvm-pagemap: process " + app.pid() + " belongs to another user (uid 0); a JVM"
                    + " accepts attach only from its own user: run this command as that user");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anotherOperatingSystemIsRefused(Jdk jdk) throws Exception {
        CommandLineRun list = CommandLineRun.of(List.of(), jdk, List.of("-Dos.name=Windows 11"), "list");
        assertRefused(list, 1, "jvm-pagemap: needs Linux, this is Windows 11");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void usageErrorsExitTwo(Jdk jdk) throws Exception {
        assertRefused(CommandLineRun.of(jdk, "stats", "1"), 2,
                "jvm-pagemap: unknown command 'stats'; commands: list, attach, report, snapshot, jfc, help");
        assertRefused(CommandLineRun.of(jdk, "attach", "1", "colour=blue"), 2, "jvm-pagemap: unknown option 'colour';"
                + " valid options: interval, jfr, jmx, print, recording, method, detail");
        CommandLineRun help = CommandLineRun.of(jdk, "help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("list", "attach <pid>", "report <pid>", "snapshot <pid>", "jfc", "help")) {
            assertTrue(help.stdout().contains("  " + command), () -> command + " in " + help.stdout());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void jfcPrintsTheSettingsFileShippedInTheJar(Jdk jdk) throws Exception {
        String shipped;
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile());
                InputStream in = jar.getInputStream(jar.getEntry("io/github/jvmpagemap/jfr/jvm-pagemap.jfc"))) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        CommandLineRun jfc = CommandLineRun.of(jdk, "jfc");
        assertEquals(0, jfc.exitCode(), jfc::transcript);
        assertEquals(shipped, jfc.stdout());
        assertTrue(shipped.contains("jvmpagemap.RegionResidency"), shipped);
    }

    private static void assertRefused(CommandLineRun run, int exitCode, String line) {
        assertEquals(exitCode, run.exitCode(), run::transcript);
        assertEquals(List.of(line), run.stderrLines(), run::transcript);
        assertEquals("", run.stdout(), run::transcript);
        assertNoStackTrace(run);
    }

    private static void assertNoStackTrace(CommandLineRun run) {
        assertFalse(run.stderr().contains("Exception") && run.stderr().contains("\tat "), run::transcript);
    }
}
