package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.PrintedTable;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad options, missing capabilities and JVMs the agent does not recognise: one clear line on
 * stderr, never a stack trace, and the application runs and exits exactly as without the agent.
 */
class AgentMisuseIT {

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void unknownOptionIsNamedAndTheAppRunsUnaffected(Jdk jdk) throws Exception {
        String line = agentLineOfRunWith(jdk, "print=1s,colour=blue", List.of());
        assertEquals("jvm-pagemap: unknown option 'colour'; valid options: interval, jfr, jmx, print, recording,"
                + " method, detail; agent not started", line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void badValueIsNamedWithTheValidChoices(Jdk jdk) throws Exception {
        assertEquals("jvm-pagemap: bad value 'fast' for interval; expected a duration such as 500ms, 10s, 1m or 1h;"
                + " agent not started", agentLineOfRunWith(jdk, "interval=fast", List.of()));
        assertEquals("jvm-pagemap: bad value 'all' for method; valid values: auto, scan, pagemap; agent not started",
                agentLineOfRunWith(jdk, "method=all", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void methodScanNamesWhatItNeeds(Jdk jdk) throws Exception {
        String line = agentLineOfRunWith(jdk, "method=scan", List.of());
        // JDK 22+ loads the META-INF/versions/22 overlay of the multi-release jar, when the jar
        // was built with one: the fast path is there, but this launch did not enable native access.
        String expected = jdk.feature() >= 22 && AgentJar.hasJava22Overlay()
                ? "jvm-pagemap: method=scan: the PAGEMAP_SCAN fast path needs native access: add"
                        + " --enable-native-access=ALL-UNNAMED to the java command line (or use method=pagemap or auto);"
                        + " agent not started"
                : "jvm-pagemap: method=scan needs the PAGEMAP_SCAN fast path, which needs JDK 22 or newer; this JVM is "
                        + jdk.feature() + " (use method=pagemap or auto); agent not started";
        assertEquals(expected, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutNativeAccessAutoSaysHowToEnableTheFastPathAndReadsPagemap(Jdk jdk) throws Exception {
        assumeTrue(jdk.feature() >= 22 && AgentJar.hasJava22Overlay(), "the fast path needs JDK 22+ and the overlay");
        assumeTrue("root".equals(System.getProperty("user.name")), "as root detail=auto says nothing more");
        assertEquals("jvm-pagemap: note: the PAGEMAP_SCAN fast path needs native access: add"
                + " --enable-native-access=ALL-UNNAMED to the java command line; reading /proc/self/pagemap instead",
                agentLineOfRunWith(jdk, "interval=1h", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withNativeAccessMethodScanStartsWithoutAWordOrAWarning(Jdk jdk) throws Exception {
        assumeTrue(jdk.feature() >= 22 && AgentJar.hasJava22Overlay(), "the fast path needs JDK 22+ and the overlay");
        assumeTrue("root".equals(System.getProperty("user.name")), "as root detail=auto says nothing more");
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1h,print=1s,method=scan",
                List.of("--enable-native-access=ALL-UNNAMED"), "idle", "2")) {
            app.awaitStdout("ready");
            assertEquals("scan", app.awaitTable(0).method(), app::transcript);
            assertEquals(0, app.awaitExit(), app::transcript);
            assertEquals(List.of(), app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap: ")).toList(),
                    app::transcript);
            assertFalse(app.stderr().stream().anyMatch(l -> l.contains("WARNING")), app::transcript);
            assertNoStackTrace(app);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void appExitCodeIsUnchangedByTheAgent(Jdk jdk) throws Exception {
        int without;
        try (ChildJvm app = ChildJvm.start(jdk, null, List.of(), "no-such-scenario")) {
            without = app.awaitExit();
        }
        try (ChildJvm app = ChildJvm.start(jdk, "print=1s", List.of(), "no-such-scenario")) {
            assertEquals(without, app.awaitExit(), app::transcript);
            assertTrue(without != 0, "the sample app rejects an unknown scenario");
            assertNoStackTrace(app);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void unrecognisedCollectorFallsBackToTheHeapAddressWithAWarning(Jdk jdk) throws Exception {
        List<String> epsilon = List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xmx256m");
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1h,print=1s", epsilon, "idle", "8")) {
            app.awaitStdout("ready");
            Report report = CommandLineRun.jsonReport(jdk, app.pid());
            assertEquals("unrecognised collector", report.collector());
            assertEquals(256L << 20, report.region(Region.JAVA_HEAP).reserved());
            assertEquals(List.of("Java Heap: collector not recognised; heap range from VM.info, without spaces"),
                    report.problems());
            assertEquals(report.problems(), app.awaitTable(0).warnings(), "the printed table warns likewise");
            assertEquals(0, app.awaitExit(), app::transcript);
            assertNoStackTrace(app);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void shortPagemapReadsAreReportedNotCountedAsAbsent(Jdk jdk) throws Exception {
        assumeRootWithMountNamespaces();
        // /dev/null over this process's own pagemap: every read comes back empty.
        List<String> wrapper = List.of("unshare", "-m", "sh", "-c",
                "mount --bind /dev/null /proc/$$/pagemap && exec \"$0\" \"$@\"");
        try (ChildJvm app = ChildJvm.start(wrapper, jdk, "interval=1h,print=1s", List.of("-Xmx256m"), "idle", "3")) {
            app.awaitStdout("ready");
            PrintedTable table = app.awaitTable(0);
            assertTrue(table.warnings().stream().anyMatch(w -> w.startsWith("Java Heap: ")
                    && w.contains("pages unreadable: short read of /proc/self/pagemap")), () -> table.warnings().toString());
            assertEquals(0, app.awaitExit(), app::transcript);
            assertNoStackTrace(app);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void unreadablePagemapStopsTheAgentWithOneLine(Jdk jdk) throws Exception {
        assumeRootWithMountNamespaces();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
        Path rootOnly = Files.createTempFile("pagemap", ".denied",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            // A file only root may read over pagemap, then the JVM runs as nobody: open() fails.
            List<String> wrapper = List.of("unshare", "-m", "sh", "-c",
                    "mount --bind " + rootOnly + " /proc/$$/pagemap && exec setpriv --reuid=nobody --regid=nogroup"
                            + " --clear-groups \"$0\" \"$@\"");
            try (ChildJvm app = ChildJvm.start(wrapper, jdk, "print=1s", List.of("-Xmx256m"), "idle", "2")) {
                assertEquals(0, app.awaitExit(), app::transcript);
                assertEquals(List.of("jvm-pagemap: cannot read /proc/self/pagemap (Permission denied);"
                        + " agent not started"), agentLines(app));
                assertTrue(app.stdout().stream().anyMatch(l -> l.contains("ready")), app::transcript);
            }
        } finally {
            Files.delete(rootOnly);
        }
    }

    /** Runs {@code idle} for a second with these options and returns the agent's single line. */
    private static String agentLineOfRunWith(Jdk jdk, String options, List<String> jvmArgs) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, options, jvmArgs, "idle", "1")) {
            assertEquals(0, app.awaitExit(), app::transcript);
            assertTrue(app.stdout().stream().anyMatch(l -> l.contains("ready")), app::transcript);
            List<String> lines = agentLines(app);
            assertEquals(1, lines.size(), app::transcript);
            assertNoStackTrace(app);
            return lines.get(0);
        }
    }

    private static List<String> agentLines(ChildJvm app) {
        return app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap")).toList();
    }

    private static void assertNoStackTrace(ChildJvm app) {
        assertFalse(app.stderr().stream().anyMatch(l -> l.contains("Exception") || l.startsWith("\tat ")),
                app::transcript);
    }

    private static void assumeRootWithMountNamespaces() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to bind-mount over /proc files");
        Process p = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
        assumeTrue(p.waitFor() == 0, "unshare -m is not permitted here");
    }
}
