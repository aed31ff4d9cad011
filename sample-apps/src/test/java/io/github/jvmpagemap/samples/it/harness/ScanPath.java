package io.github.jvmpagemap.samples.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two ways the agent reads its process, both tested where they exist: the portable one
 * (pagemap reads, the maps file) on every JDK, and the fast one (PAGEMAP_SCAN, and PROCMAP_QUERY
 * for the mappings on Linux 6.11+) on JDK 22+ with native access.
 */
public enum ScanPath {
    PORTABLE("pagemap", List.of()),
    FAST("scan", List.of("--enable-native-access=ALL-UNNAMED"));

    private final String method;
    private final List<String> jvmArgs;

    ScanPath(String method, List<String> jvmArgs) {
        this.method = method;
        this.jvmArgs = jvmArgs;
    }

    /** The paths {@code jdk} can run: the fast one needs JDK 22+ and an agent jar with the overlay. */
    public static Stream<ScanPath> on(Jdk jdk) {
        try {
            return jdk.feature() >= 22 && AgentJar.hasJava22Overlay() ? Stream.of(values()) : Stream.of(PORTABLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the agent reports as its method. */
    public String method() {
        return method;
    }

    /** Agent options choosing this path, followed by {@code more}. */
    public String options(String more) {
        return "method=" + method + "," + more;
    }

    /** JVM arguments this path needs, followed by {@code more}. */
    public List<String> jvmArgs(List<String> more) {
        List<String> args = new ArrayList<>(jvmArgs);
        args.addAll(more);
        return args;
    }

    /**
     * True if the fast path's mappings come from PROCMAP_QUERY in process {@code pid}: the agent
     * then keeps {@code /proc/<pid>/maps} open. Expected exactly on the fast path on Linux 6.11+.
     */
    public static boolean asksForMappings(long pid) throws IOException {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(maps);
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        }
    }

    /** Whether the agent on this path should be asking the kernel for its mappings: fast path, Linux 6.11+. */
    public boolean shouldAskForMappings() {
        return this == FAST && kernelAtLeast(6, 11);
    }

    /** True if the running kernel's version is at least {@code major.minor}. */
    public static boolean kernelAtLeast(int major, int minor) {
        String[] v = System.getProperty("os.version").split("[.-]");
        int ma = Integer.parseInt(v[0]);
        int mi = Integer.parseInt(v[1]);
        return ma > major || ma == major && mi >= minor;
    }
}
