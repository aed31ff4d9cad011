package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a root JVM has open under /proc is privileged (frame numbers, page flags): a child that
 * native code starts with fork and exec would inherit it. Between scans the agent holds such a
 * descriptor only if it is close-on-exec, which needs FFM; otherwise it holds none.
 */
class DescriptorsIT {
    /** O_CLOEXEC as /proc/<pid>/fdinfo prints the flags: octal. */
    private static final long O_CLOEXEC = 02000000;

    /** As root: only root's descriptors show frame numbers and page flags. */
    @Cases(paths = {PORTABLE, FAST})
    @Needs(Requirement.ROOT)
    void betweenScansNoPrivilegedDescriptorIsHeldThatAChildWouldInherit(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=1h,print=1h").jvmArgs("-Xmx128m"));
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
        if (c.path() == PORTABLE) {
            assertEquals(List.of(), held, "plain Java cannot say close-on-exec: nothing is held between scans");
        } else {
            assertTrue(held.contains("/proc/kpageflags") && held.stream().anyMatch(t -> t.endsWith("/pagemap")),
                    () -> "the fast path keeps its close-on-exec descriptors: " + held);
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
