package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.harness.User;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import io.github.jvmpagemap.samples.it.published.PrintedTable;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Bad options, missing capabilities and JVMs the agent does not recognise: one clear line on
 * stderr, never a stack trace, and the application runs and exits exactly as without the agent.
 */
class AgentMisuseIT {

    @Cases
    void unknownOptionIsNamedAndTheAppRunsUnaffected(Case c, Apps apps) throws Exception {
        String line = agentLineOfRunWith(apps, c.app("idle").agent("print=1s,colour=blue"));
        assertEquals("jvm-pagemap: unknown option 'colour'; valid options: interval, jfr, jmx, print, recording,"
                + " method, detail, written, writtenSample, maxCpu; agent not started", line);
    }

    @Cases
    void badValueIsNamedWithTheValidChoices(Case c, Apps apps) throws Exception {
        assertEquals("jvm-pagemap: bad value 'fast' for interval; expected a duration such as 500ms, 10s, 1m or 1h;"
                + " agent not started", agentLineOfRunWith(apps, c.app("idle").agent("interval=fast")));
        assertEquals("jvm-pagemap: bad value 'all' for method; valid values: auto, scan, pagemap; agent not started",
                agentLineOfRunWith(apps, c.app("idle").agent("method=all")));
    }

    @Cases
    void methodScanNamesWhatItNeeds(Case c, Apps apps) throws Exception {
        String line = agentLineOfRunWith(apps, c.app("idle").agent("method=scan"));
        // JDK 22+ loads the META-INF/versions/22 overlay of the multi-release jar, when the jar
        // was built with one: the fast path is there, but this launch did not enable native access.
        String expected = c.jdk().hasFastPath()
                ? "jvm-pagemap: method=scan: the PAGEMAP_SCAN fast path needs native access: add"
                        + " --enable-native-access=ALL-UNNAMED to the java command line (or use method=pagemap or auto);"
                        + " agent not started"
                : "jvm-pagemap: method=scan needs the PAGEMAP_SCAN fast path, which needs JDK 22 or newer; this JVM is "
                        + c.jdk().feature() + " (use method=pagemap or auto); agent not started";
        assertEquals(expected, line);
    }

    /** Where the fast path is (JDK 22+, the overlay) but the launch gave no native access; as root, so detail=auto says nothing more. */
    @Cases(paths = ScanPath.FAST)
    @Needs(Requirement.ROOT)
    void withoutNativeAccessAutoSaysHowToEnableTheFastPathAndReadsPagemap(Case c, Apps apps) throws Exception {
        assertEquals("jvm-pagemap: note: the PAGEMAP_SCAN fast path needs native access: add"
                + " --enable-native-access=ALL-UNNAMED to the java command line; reading /proc/self/pagemap instead",
                agentLineOfRunWith(apps, Launch.of(c.jdk(), "idle").agent("interval=1h")));
    }

    @Cases(paths = ScanPath.FAST)
    @Needs(Requirement.ROOT)
    void withNativeAccessMethodScanStartsWithoutAWordOrAWarning(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=1h,print=1s").endsWhenTold());
        assertEquals("scan", app.awaitTable(0).method(), app::transcript);
        assertEquals(0, app.end(), app::transcript);
        assertEquals(List.of(), AgentLines.all(app.stderr()), app::transcript);
        assertFalse(app.stderr().stream().anyMatch(l -> l.contains("WARNING")), app::transcript);
        assertNoStackTrace(app);
    }

    @Cases
    void appExitCodeIsUnchangedByTheAgent(Case c, Apps apps) throws Exception {
        Launch unknownScenario = Launch.of(c.jdk(), "no-such-scenario").readyWhen(null);
        int without = apps.start(unknownScenario.withoutAgent()).awaitExit();
        App app = apps.start(unknownScenario.agent("print=1s"));
        assertEquals(without, app.awaitExit(), app::transcript);
        assertTrue(without != 0, "the sample app rejects an unknown scenario");
        assertNoStackTrace(app);
    }

    @Cases
    void unrecognisedCollectorFallsBackToTheHeapAddressWithAWarning(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=1h,print=1s")
                .jvmArgs("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xmx256m").endsWhenTold());
        Report report = app.agent().report();
        assertEquals("unrecognised collector", report.collector());
        assertEquals(256L << 20, report.region(Region.JAVA_HEAP).reserved());
        assertEquals(List.of("Java Heap: collector not recognised; heap range from VM.info, without spaces"),
                report.problems());
        assertEquals(report.problems(), app.awaitTable(0).warnings(), "the printed table warns likewise");
        assertEquals(0, app.end(), app::transcript);
        assertNoStackTrace(app);
    }

    /** In a mount namespace of its own, copied from the tests' one: none while that has a mount of a test's. */
    @Cases
    @Needs(Requirement.MOUNT_NAMESPACES)
    @ResourceLock(value = Locks.MOUNTS, mode = ResourceAccessMode.READ)
    void shortPagemapReadsAreReportedNotCountedAsAbsent(Case c, Apps apps) throws Exception {
        // /dev/null over this process's own pagemap: every read comes back empty.
        App app = apps.start(c.app("idle").agent("interval=1h,print=1s").jvmArgs("-Xmx256m").endsWhenTold()
                .withMount("/dev/null", "/proc/$$/pagemap"));
        PrintedTable table = app.awaitTable(0);
        assertTrue(table.warnings().stream().anyMatch(w -> w.startsWith("Java Heap: ")
                && w.contains("pages unreadable: short read of /proc/self/pagemap")), () -> table.warnings().toString());
        assertEquals(0, app.end(), app::transcript);
        assertNoStackTrace(app);
    }

    @Cases(users = User.NOBODY)
    @Needs(Requirement.MOUNT_NAMESPACES)
    @ResourceLock(value = Locks.MOUNTS, mode = ResourceAccessMode.READ)
    void unreadablePagemapStopsTheAgentWithOneLine(Case c, Apps apps) throws Exception {
        Path rootOnly = Files.createTempFile("pagemap", ".denied",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            // A file only root may read over pagemap, then the JVM runs as nobody: open() fails.
            App app = apps.start(c.app("idle").agent("print=1s").jvmArgs("-Xmx256m").endsWhenTold()
                    .withMount(rootOnly.toString(), "/proc/$$/pagemap"));
            assertEquals(0, app.end(), app::transcript);
            assertEquals(List.of("jvm-pagemap: cannot read /proc/self/pagemap (Permission denied); agent not started"),
                    AgentLines.all(app.stderr()));
            assertTrue(app.stdout().stream().anyMatch(l -> l.contains("ready")), app::transcript);
        } finally {
            Files.delete(rootOnly);
        }
    }

    /** Runs {@code idle} for a second and returns the agent's single line. */
    /**
     * The one line the agent says when it opens the page table, which it does once the app's
     * start-up has settled: the app runs until that line is out, then ends.
     */
    private static String agentLineOfRunWith(Apps apps, Launch launch) throws Exception {
        App app = apps.start(launch.endsWhenTold().readyWhen(null));
        app.awaitStderr(AgentLines.PREFIX);
        assertEquals(0, app.end(), app::transcript);
        assertTrue(app.stdout().stream().anyMatch(l -> l.contains("ready")), app::transcript);
        List<String> lines = AgentLines.all(app.stderr());
        assertEquals(1, lines.size(), app::transcript);
        assertNoStackTrace(app);
        return lines.get(0);
    }

    private static void assertNoStackTrace(App app) {
        assertFalse(app.stderr().stream().anyMatch(l -> l.contains("Exception") || l.startsWith("\tat ")),
                app::transcript);
    }
}
