package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel's files cut short or closed: each file the agent reads is replaced, for one JVM
 * only, by an empty one (/dev/null bind-mounted over it in a private mount namespace) or by one
 * it may not read. The application runs as it would without the agent (exit code, standard
 * output), no stack trace appears, and the agent says what it lacks, naming the file: as a line
 * of its own or as a warning under the table, never as figures that look measured.
 */
class ProcFaultsIT {
    /**
     * How long the app runs: long enough for the agent's first scan, which comes a second or so
     * after start, later on a loaded machine; the app must end by itself, for its exit code.
     */
    private static final String APP_SECONDS = "6";
    /** The idle app's standard output without the agent, per JDK feature release. */
    private static final Map<Integer, List<String>> PLAIN_OUTPUT = new HashMap<>();

    /**
     * One fault: what is mounted over which file ({@code $$} is the JVM's pid), the agent's
     * options and JVM flags, the text the agent's lines or the table's warnings must hold, and
     * what makes pages shared (only pages that are not exclusive have their frames read).
     */
    record Fault(String name, String file, boolean asNobody, String options, List<String> jvmArgs, String expected,
            Sharing sharing) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What makes some of the app's pages shared, so that their frames are read. */
    enum Sharing {
        /** Nothing: an idle app alone (an explicit detail=full reads every present page's flags all the same). */
        NONE,
        /** Another JVM maps the same CDS archive: pages not exclusive, whose map counts are read. */
        ARCHIVE
    }

    static final List<Fault> FAULTS = List.of(
            new Fault("empty maps", "/proc/$$/maps", false, "print=1s,interval=1s,method=pagemap", List.of(),
                    "jvm-pagemap: cannot read /proc/self/maps (it listed nothing (an empty or short read);"
                            + " nothing can be attributed); agent stopped", Sharing.NONE),
            new Fault("maps not readable", "/proc/$$/maps", true, "print=1s,interval=1s,method=pagemap,detail=basic",
                    List.of(),
                    "jvm-pagemap: cannot read /proc/self/maps (Permission denied); agent stopped", Sharing.NONE),
            new Fault("empty smaps", "/proc/$$/smaps", false, "print=1s,interval=1s,method=pagemap,detail=basic",
                    List.of("-XX:+UseTransparentHugePages"), "warning: hugePage: /proc/self/smaps could not be read"
                            + " (it listed nothing (an empty or short read); huge pages cannot be told)", Sharing.NONE),
            new Fault("empty statm", "/proc/$$/statm", false, "print=1s,interval=1s,method=pagemap", List.of(),
                    "warning: VmRSS: /proc/self/statm could not be read", Sharing.NONE),
            new Fault("empty status", "/proc/$$/status", false, "print=1s,interval=1s,method=pagemap", List.of(),
                    "jvm-pagemap: note: detail=basic: whether this process has CAP_SYS_ADMIN cannot be told"
                            + " (/proc/self/status has no CapEff line that reads as a capability mask)", Sharing.NONE),
            new Fault("empty kpageflags", "/proc/kpageflags", false, "print=1s,interval=1s,method=pagemap,detail=full",
                    List.of(), "pages unreadable, zeroPage, shared, proportional and largeFolio are short by them:"
                            + " short read of /proc/kpageflags", Sharing.NONE),
            new Fault("empty kpagecount", "/proc/kpagecount", false, "print=1s,interval=1s,method=pagemap,detail=full",
                    List.of(), "pages unreadable, zeroPage, shared, proportional and largeFolio are short by them:"
                            + " short read of /proc/kpagecount", Sharing.ARCHIVE),
            // An empty directory over the threads' (a container that hides them): stacks cannot be told.
            new Fault("no threads", "/proc/$$/task", false, "print=1s,interval=1s,method=pagemap", List.of(),
                    "warning: threads: /proc/self/task lists no thread: stacks are not told from other anonymous"
                            + " memory", Sharing.NONE));

    @BeforeAll
    static void rootWithMountNamespaces() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to bind-mount over /proc files");
        Process p = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
        assumeTrue(p.waitFor() == 0, "unshare -m is not permitted here");
    }

    static Stream<Arguments> faults() {
        List<Arguments> all = new ArrayList<>();
        for (Jdk jdk : Jdk.installed()) {
            for (Fault fault : FAULTS) {
                all.add(Arguments.of(jdk, fault));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void theAppRunsUnchangedAndTheAgentNamesTheFileItCouldNotRead(Jdk jdk, Fault fault) throws Exception {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx128m"));
        List<String> plain = plainOutput(jdk);
        Path denied = null;
        Path emptyDirectory = null;
        String mounted = "/dev/null";
        if (fault.file().endsWith("/task")) {
            emptyDirectory = Files.createTempDirectory("proc-task");
            mounted = emptyDirectory.toString();
        }
        String asUser = "";
        if (fault.asNobody()) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
            denied = Files.createTempFile("proc", ".denied",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            mounted = denied.toString();
            asUser = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
        }
        try {
            List<String> wrapper = List.of("unshare", "-m", "sh", "-c",
                    "mount --bind " + mounted + " " + fault.file() + " && exec " + asUser + "\"$0\" \"$@\"");
            jvmArgs.addAll(fault.jvmArgs());
            try (ChildJvm other = fault.sharing() == Sharing.ARCHIVE
                    ? ChildJvm.start(jdk, null, List.of("-Xmx128m"), "idle") : null;
                    ChildJvm app = startAfter(other, wrapper, jdk, fault, jvmArgs)) {
                assertEquals(0, app.awaitExit(), app::transcript);
                assertEquals(plain, app.stdout(), app::transcript);
                assertFalse(app.stderr().stream().anyMatch(l -> l.contains("Exception") || l.startsWith("\tat ")),
                        app::transcript);
                assertTrue(app.stderr().stream().anyMatch(l -> l.contains(fault.expected())),
                        () -> "expected '" + fault.expected() + "' in\n" + app.transcript());
                if (fault.expected().startsWith("jvm-pagemap: cannot read")) {
                    assertEquals(List.of(fault.expected()), agentLines(app), "the one line and nothing else");
                    assertTrue(app.tables().isEmpty(), app::transcript);
                } else {
                    assertFalse(app.tables().isEmpty(), () -> "the agent carries on\n" + app.transcript());
                }
            }
        } finally {
            if (denied != null) {
                Files.delete(denied);
            }
            if (emptyDirectory != null) {
                Files.delete(emptyDirectory);
            }
        }
    }

    private static ChildJvm startAfter(ChildJvm other, List<String> wrapper, Jdk jdk, Fault fault,
            List<String> jvmArgs) throws Exception {
        if (other != null) {
            other.awaitStdout("ready");
        }
        return ChildJvm.start(wrapper, jdk, fault.options(), jvmArgs, "idle", APP_SECONDS);
    }

    /** The idle app's standard output without the agent. */
    private static List<String> plainOutput(Jdk jdk) throws Exception {
        List<String> known = PLAIN_OUTPUT.get(jdk.feature());
        if (known == null) {
            try (ChildJvm app = ChildJvm.start(jdk, null, List.of("-Xmx128m"), "idle", APP_SECONDS)) {
                assertEquals(0, app.awaitExit(), app::transcript);
                known = app.stdout();
            }
            PLAIN_OUTPUT.put(jdk.feature(), known);
        }
        return known;
    }

    private static List<String> agentLines(ChildJvm app) {
        return app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap:")).toList();
    }
}
