package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.harness.User;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar jvm-pagemap-agent.jar <command>} from the packaged jar (byte-buddy-agent
 * relocated inside it), against JVMs started without the agent: attach, report (its JSON checked
 * against smaps), list, snapshot, jfc; and every refusal as one line with a non-zero exit. These
 * tests read the agent through the command line itself, as a person does.
 */
class CommandLineIT {

    @TempDir
    Path dir;

    @Cases
    void attachToAJvmStartedWithoutTheAgentThenReportAgreesWithSmaps(Case c, Apps apps) throws Exception {
        Jdk jdk = c.jdk();
        App app = apps.start(c.app("idle").withoutAgent().jvmArgs("-Xmx512m"));
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

        // The figures as report --json gives them: each reading a run of the command line.
        SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, after -> {
            Report report = CommandLineRun.jsonReport(jdk, app.pid());
            while (!report.time().isAfter(after)) {
                report = CommandLineRun.jsonReport(jdk, app.pid());
            }
            return report;
        }, SmapsAgreement::mismatches);
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

    @Cases
    void reportLoadsTheAgentWhenNeededAndSaysSo(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").withoutAgent().jvmArgs("-Xmx256m", "-XX:+EnableDynamicAgentLoading"));
        String pid = Long.toString(app.pid());
        CommandLineRun report = CommandLineRun.of(c.jdk(), "report", pid);
        assertEquals(0, report.exitCode(), report::transcript);
        assertEquals(List.of("jvm-pagemap: note: loaded the agent into process " + pid + "; it stays there"),
                report.stderrLines(), "no dynamic-loading note: the app allows agents");
        assertTrue(PrintedTable.isHeader(report.stdoutLines().get(0)), report::transcript);
        assertFalse(app.stderr().stream().anyMatch(l -> l.startsWith("WARNING")), app::transcript);
    }

    @Cases
    void snapshotWritesTheFileTheTargetWasToldAndAFailureIsOneLine(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=1h,detail=basic").jvmArgs("-Xmx256m"));
        String pid = Long.toString(app.pid());
        Path file = dir.resolve("pagemap.jfr");
        CommandLineRun first = CommandLineRun.of(c.jdk(), "snapshot", pid, file.toString());
        assertEquals(0, first.exitCode(), first::transcript);
        assertEquals(List.of("wrote " + file), first.stdoutLines());
        assertTrue(Files.size(file) > 0, "the file was written");

        CommandLineRun again = CommandLineRun.of(c.jdk(), "snapshot", pid, file.toString());
        assertEquals(1, again.exitCode(), again::transcript);
        assertEquals(1, again.stderrLines().size(), again::transcript);
        assertTrue(again.stderrLines().get(0).startsWith("jvm-pagemap: snapshot of process " + pid + " failed: ")
                && again.stderr().contains(file.toString()), again::transcript);
        assertNoStackTrace(again);
    }

    @Cases
    void noSuchProcessAndAProcessThatIsNotAJvmAreOneLineAndExitOne(Case c) throws Exception {
        CommandLineRun none = CommandLineRun.of(c.jdk(), "report", "2147483647");
        assertRefused(none, 1, "jvm-pagemap: no such process 2147483647");
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            CommandLineRun notJvm = CommandLineRun.of(c.jdk(), "attach", Long.toString(sleep.pid()));
            assertRefused(notJvm, 1, "jvm-pagemap: process " + sleep.pid() + " (sleep) is not a Java virtual machine");
            assertTrue(sleep.isAlive(), "nothing was sent to it (SIGQUIT would have ended it)");
        } finally {
            sleep.destroy();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Cases
    void aJvmThatDisablesAttachIsNamedAndUndisturbed(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").withoutAgent().jvmArgs("-XX:+DisableAttachMechanism"));
        CommandLineRun attach = CommandLineRun.of(c.jdk(), "attach", Long.toString(app.pid()));
        assertRefused(attach, 1, "jvm-pagemap: process " + app.pid()
                + " refuses attach (it was started with -XX:+DisableAttachMechanism)");
        assertFalse(app.stdout().stream().anyMatch(l -> l.startsWith("Full thread dump")),
                "no SIGQUIT reached it: " + app.transcript());
    }

    @Cases
    @Needs(Requirement.ROOT)
    void anotherUsersJvmIsRefusedWithTheReason(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").withoutAgent());
        CommandLineRun attach = CommandLineRun.of(User.NOBODY.wrapper(), c.jdk(), List.of("-XX:-UsePerfData"), "attach",
                Long.toString(app.pid()));
        assertRefused(attach, 1, "jvm-pagemap: process " + app.pid() + " belongs to another user (uid 0); a JVM"
                + " accepts attach only from its own user: run this command as that user");
    }

    @Cases
    void anotherOperatingSystemIsRefused(Case c) throws Exception {
        CommandLineRun list = CommandLineRun.of(List.of(), c.jdk(), List.of("-Dos.name=Windows 11"), "list");
        assertRefused(list, 1, "jvm-pagemap: needs Linux, this is Windows 11");
    }

    @Cases
    void usageErrorsExitTwo(Case c) throws Exception {
        assertRefused(CommandLineRun.of(c.jdk(), "stats", "1"), 2,
                "jvm-pagemap: unknown command 'stats'; commands: list, attach, report, snapshot, jfc, help");
        assertRefused(CommandLineRun.of(c.jdk(), "attach", "1", "colour=blue"), 2, "jvm-pagemap: unknown option"
                + " 'colour'; valid options: interval, jfr, jmx, print, recording, method, detail, written,"
                + " writtenSample, maxCpu");
        CommandLineRun help = CommandLineRun.of(c.jdk(), "help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("list", "attach <pid>", "report <pid>", "snapshot <pid>", "jfc", "help")) {
            assertTrue(help.stdout().contains("  " + command), () -> command + " in " + help.stdout());
        }
    }

    @Cases
    void jfcPrintsTheSettingsFileShippedInTheJar(Case c) throws Exception {
        String shipped;
        try (JarFile jar = new JarFile(AgentJar.PATH.toFile());
                InputStream in = jar.getInputStream(jar.getEntry("io/github/jvmpagemap/jfr/jvm-pagemap.jfc"))) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        CommandLineRun jfc = CommandLineRun.of(c.jdk(), "jfc");
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
