package io.github.jvmpagemap.samples.it.harness;

import java.util.List;

/**
 * How the agent reads its process: the portable way (pagemap reads) on every JDK, the fast one
 * (the PAGEMAP_SCAN ioctl through FFM) on JDK 22+ with native access, or as it chooses by itself.
 */
public enum ScanPath {
    /** No {@code method=} and no native access: the agent's own choice, pagemap reads (saying why on JDK 22+). */
    AUTO(null, List.of()),
    PORTABLE("pagemap", List.of()),
    FAST("scan", List.of("--enable-native-access=ALL-UNNAMED"));

    private final String method;
    private final List<String> jvmArgs;

    ScanPath(String method, List<String> jvmArgs) {
        this.method = method;
        this.jvmArgs = jvmArgs;
    }

    /** True if {@code jdk} can take this path. */
    public boolean runsOn(Jdk jdk) {
        return this != FAST || jdk.hasFastPath();
    }

    /** What the agent reports as its method on this path. */
    public String method() {
        return method == null ? PORTABLE.method : method;
    }

    /** The agent option that chooses this path; none for {@link #AUTO}. */
    List<String> agentOptions() {
        return method == null ? List.of() : List.of("method=" + method);
    }

    /** JVM arguments this path needs. */
    List<String> jvmArgs() {
        return jvmArgs;
    }

    @Override
    public String toString() {
        return switch (this) {
            case AUTO -> "";
            case PORTABLE -> "pagemap";
            case FAST -> "scan";
        };
    }
}
