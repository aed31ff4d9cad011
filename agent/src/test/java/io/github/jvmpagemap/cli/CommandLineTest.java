package io.github.jvmpagemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors and refusals: one line, the documented exit code, and nothing sent to a process that is not a JVM. */
class CommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int runOn(String os, String jfc, String... args) {
        return new CommandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), os, jfc).run(args);
    }

    private int run(String... args) {
        return runOn("Linux", JfcCommand.RESOURCE, args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageOnStdoutAndSucceeds() {
        assertEquals(0, run("help"));
        assertEquals(CommandLine.USAGE, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCommandPrintsUsageOnStderrAndExitsTwo() {
        assertEquals(2, run());
        assertEquals(CommandLine.USAGE, err());
    }

    @Test
    void unknownCommandIsOneLineNamingTheCommands() {
        assertEquals(2, run("attahc", "1"));
        assertEquals("jvm-pagemap: unknown command 'attahc'; commands: list, attach, report, snapshot, jfc, help\n",
                err());
    }

    @Test
    void aPidThatIsNotANumberIsAUsageError() {
        assertEquals(2, run("report", "java"));
        assertEquals("jvm-pagemap: 'java' is neither a process id nor a recording or snapshot file\n", err());
    }

    @Test
    void jsonAndHtmlTogetherOrHtmlWithoutAFileAreUsageErrors() {
        assertEquals(2, run("report", "1", "--json", "--html", "page.html"));
        assertEquals(2, run("report", "1", "--html"));
        assertEquals("jvm-pagemap: " + ReportRequest.USAGE + "\n" + "jvm-pagemap: " + ReportRequest.USAGE + "\n", err());
    }

    @Test
    void aFileThatIsNoSnapshotIsRefusedSayingSo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.jfr"), "not a recording");

        assertEquals(1, run("report", file.toString(), "--html", dir.resolve("page.html").toString()));

        assertTrue(err().startsWith("jvm-pagemap: cannot read " + file + ": "), err());
        assertEquals(1, err().lines().count(), err());
        assertTrue(Files.notExists(dir.resolve("page.html")), "no page written");
    }

    @Test
    void badAgentOptionsAreRefusedBeforeAnythingIsAttached() {
        assertEquals(2, run("attach", "1", "colour=blue"));
        assertEquals("jvm-pagemap: unknown option 'colour'; valid options: interval, jfr, jmx, print, recording,"
                + " method, detail, written, writtenSample, maxCpu\n", err());
    }

    @Test
    void noSuchProcessIsOneLineAndExitOne() {
        assertEquals(1, run("report", "2147483647"));
        assertEquals("jvm-pagemap: no such process 2147483647\n", err());
    }

    @Test
    void aProcessThatIsNotAJvmIsNamedAndLeftAlone() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            assertEquals(1, run("attach", Long.toString(sleep.pid())));
            assertEquals("jvm-pagemap: process " + sleep.pid() + " (sleep) is not a Java virtual machine\n", err());
            assertTrue(sleep.isAlive(), "no SIGQUIT was sent to it");
        } finally {
            sleep.destroy();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyCommandButHelpAndJfcNeedsLinux() {
        assertEquals(1, runOn("Mac OS X", JfcCommand.RESOURCE, "report", "1"));
        assertEquals("jvm-pagemap: needs Linux, this is Mac OS X\n", err());
    }

    @Test
    void jfcPrintsTheShippedSettingsFile() {
        assertEquals(0, runOn("Linux", "/io/github/jvmpagemap/cli/sample.jfc", "jfc"));
        assertEquals("<configuration version=\"2.0\"/>\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jfcSaysSoWhenTheBuildCarriesNoSettingsFile() {
        assertEquals(1, runOn("Linux", "/no/such.jfc", "jfc"));
        assertEquals("jvm-pagemap: this build carries no JFR settings file (/no/such.jfc)\n", err());
    }

    @Test
    void extraArgumentsAreAUsageError() {
        assertEquals(2, run("snapshot", "1"));
        assertEquals("jvm-pagemap: usage: snapshot <pid> <file.jfr>\n", err());
    }

    @Test
    void aMessageSpanningLinesIsSaidInOne() {
        assertEquals("java.rmi.ConnectException: refused; nested exception is: java.net.ConnectException",
                CommandLine.oneLine("java.rmi.ConnectException: refused; nested exception is: \n\tjava.net.ConnectException"));
    }
}
