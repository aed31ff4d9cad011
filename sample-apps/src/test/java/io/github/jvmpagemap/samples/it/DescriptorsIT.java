package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a root JVM has open under /proc is privileged (frame numbers, page flags): a child that
 * native code starts with fork and exec would inherit it. Between scans the agent holds such a
 * descriptor only if it is close-on-exec, which needs FFM; otherwise it holds none.
 */
class DescriptorsIT {
    /** O_CLOEXEC as /proc/<pid>/fdinfo prints the flags: octal. */
    private static final long O_CLOEXEC = 02000000;

    static Stream<Arguments> jdksAndPaths() {
        return Jdk.installed().stream().flatMap(jdk -> ScanPath.on(jdk).map(path -> Arguments.of(jdk, path)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void betweenScansNoPrivilegedDescriptorIsHeldThatAChildWouldInherit(Jdk jdk, ScanPath path) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root's descriptors show frame numbers and page flags");
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=1h,print=1h"), path.jvmArgs(List.of("-Xmx128m")),
                "idle")) {
            app.awaitTable(0);
            List<String> held = new ArrayList<>();
            List<String> inherited = new ArrayList<>();
            Path fds = Path.of("/proc", Long.toString(app.pid()), "fd");
            try (Stream<Path> list = Files.list(fds)) {
                for (Path fd : list.toList()) {
                    String target = target(fd);
                    if (target.endsWith("/pagemap") || target.equals("/proc/kpageflags")
                            || target.equals("/proc/kpagecount") || target.endsWith("/maps")) {
                        held.add(target);
                        if ((flags(app.pid(), fd.getFileName().toString()) & O_CLOEXEC) == 0) {
                            inherited.add(target);
                        }
                    }
                }
            }
            assertEquals(List.of(), inherited, () -> "held without close-on-exec: " + app.transcript());
            if (path == ScanPath.PORTABLE) {
                assertEquals(List.of(), held, "plain Java cannot say close-on-exec: nothing is held between scans");
            } else {
                assertTrue(held.contains("/proc/kpageflags") && held.stream().anyMatch(t -> t.endsWith("/pagemap")),
                        () -> "the fast path keeps its close-on-exec descriptors: " + held);
            }
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed meanwhile
        }
    }

    private static long flags(long pid, String fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "fdinfo", fd))) {
            if (line.startsWith("flags:")) {
                return Long.parseLong(line.substring("flags:".length()).strip(), 8);
            }
        }
        throw new AssertionError("no flags in fdinfo of " + fd);
    }
}
