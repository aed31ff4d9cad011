package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.harness.User;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel's files cut short or closed: each file the agent reads is replaced, for one JVM
 * only, by an empty one (/dev/null bind-mounted over it in a private mount namespace) or by one
 * it may not read. The application runs as it would without the agent (exit code, standard
 * output), no stack trace appears, and the agent says what it lacks, naming the file: as a line
 * of its own or as a warning under the table, never as figures that look measured. The app ends
 * once the agent has said it, as it would at a deadline, for its exit code.
 */
@Needs(Requirement.MOUNT_NAMESPACES)
class ProcFaultsIT {
    /** The idle app's standard output without the agent, per JDK. */
    private static final Map<Jdk, List<String>> PLAIN_OUTPUT = new ConcurrentHashMap<>();

    /**
     * One fault: what is mounted over which file ({@code $$} is the JVM's pid), the agent's
     * options and JVM flags, the texts the agent's lines or the table's warnings must hold, and
     * what makes pages shared (only pages that are not exclusive have their frames read).
     */
    record Fault(String name, String file, boolean asNobody, String options, List<String> jvmArgs,
            List<String> expected, Sharing sharing) {
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
                    List.of("jvm-pagemap: cannot read /proc/self/maps (it listed nothing (an empty or short read);"
                            + " nothing can be attributed); agent stopped"), Sharing.NONE),
            new Fault("maps not readable", "/proc/$$/maps", true, "print=1s,interval=1s,method=pagemap,detail=basic",
                    List.of(),
                    List.of("jvm-pagemap: cannot read /proc/self/maps (Permission denied); agent stopped"), Sharing.NONE),
            new Fault("empty smaps", "/proc/$$/smaps", false, "print=1s,interval=1s,method=pagemap,detail=basic",
                    List.of("-XX:+UseTransparentHugePages"), List.of("warning: hugePage: /proc/self/smaps could not be"
                            + " read (it listed nothing (an empty or short read); huge pages cannot be told)"),
                    Sharing.NONE),
            // VmRSS comes from status too (no longer statm): an unreadable status costs the figure and the capability.
            new Fault("empty status", "/proc/$$/status", false, "print=1s,interval=1s,method=pagemap", List.of(),
                    List.of("jvm-pagemap: note: detail=basic: whether this process has CAP_SYS_ADMIN cannot be told"
                            + " (/proc/self/status has no CapEff line that reads as a capability mask)",
                            "warning: VmRSS: /proc/self/status could not be read"), Sharing.NONE),
            new Fault("empty kpageflags", "/proc/kpageflags", false, "print=1s,interval=1s,method=pagemap,detail=full",
                    List.of(), List.of("pages unreadable, zeroPage, shared, proportional and largeFolio are short by"
                            + " them: short read of /proc/kpageflags"), Sharing.NONE),
            new Fault("empty kpagecount", "/proc/kpagecount", false, "print=1s,interval=1s,method=pagemap,detail=full",
                    List.of(), List.of("pages unreadable, zeroPage, shared, proportional and largeFolio are short by"
                            + " them: short read of /proc/kpagecount"), Sharing.ARCHIVE),
            // An empty directory over the threads' (a container that hides them): stacks cannot be told.
            new Fault("no threads", "/proc/$$/task", false, "print=1s,interval=1s,method=pagemap", List.of(),
                    List.of("warning: threads: /proc/self/task lists no thread: stacks are not told from other"
                            + " anonymous memory"), Sharing.NONE));

    static Stream<Arguments> faults() {
        List<Arguments> all = new ArrayList<>();
        for (Jdk jdk : Jdk.installed()) {
            for (Fault fault : FAULTS) {
                all.add(Arguments.of(jdk, fault));
            }
        }
        return all.stream();
    }

    /** Each JVM in a mount namespace of its own, copied from the tests' one: none while that has a mount of a test's. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    @ExtendWith(Apps.Resolver.class)
    @ResourceLock(value = Locks.MOUNTS, mode = ResourceAccessMode.READ)
    void theAppRunsUnchangedAndTheAgentNamesTheFileItCouldNotRead(Jdk jdk, Fault fault, Apps apps) throws Exception {
        List<String> plain = plainOutput(jdk, apps);
        Path denied = null;
        Path emptyDirectory = null;
        String mounted = "/dev/null";
        if (fault.file().endsWith("/task")) {
            emptyDirectory = Files.createTempDirectory("proc-task");
            mounted = emptyDirectory.toString();
        }
        User user = fault.asNobody() ? User.NOBODY : User.SELF;
        if (fault.asNobody()) {
            denied = Files.createTempFile("proc", ".denied",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            mounted = denied.toString();
        }
        try {
            if (fault.sharing() == Sharing.ARCHIVE) {
                apps.start(Launch.of(jdk, "idle").withoutAgent().jvmArgs("-Xmx128m"));
            }
            App app = apps.start(Launch.of(jdk, "idle").agent(fault.options()).jvmArgs("-Xmx128m")
                    .jvmArgs(fault.jvmArgs()).endsWhenTold().readyWhen(null).through(user.wrapper())
                    .withMount(mounted, fault.file()));
            // Once the agent has said it, and printed a table where it carries on, the app ends as it would.
            fault.expected().forEach(app::awaitStderr);
            boolean stops = fault.expected().get(0).startsWith("jvm-pagemap: cannot read");
            if (!stops) {
                app.awaitTable(0);
            }
            assertEquals(0, app.end(), app::transcript);
            assertEquals(plain, app.stdout(), app::transcript);
            assertFalse(app.stderr().stream().anyMatch(l -> l.contains("Exception") || l.startsWith("\tat ")),
                    app::transcript);
            if (stops) {
                assertEquals(fault.expected(), AgentLines.all(app.stderr()), "the one line and nothing else");
                assertTrue(app.tables().isEmpty(), app::transcript);
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

    /** The idle app's standard output without the agent. */
    private static List<String> plainOutput(Jdk jdk, Apps apps) {
        return PLAIN_OUTPUT.computeIfAbsent(jdk, j -> {
            try {
                App app = apps.start(Launch.of(j, "idle").withoutAgent().jvmArgs("-Xmx128m").endsWhenTold());
                assertEquals(0, app.end(), app::transcript);
                return app.stdout();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
