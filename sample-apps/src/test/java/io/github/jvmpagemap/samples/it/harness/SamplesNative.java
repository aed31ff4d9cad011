package io.github.jvmpagemap.samples.it.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The samples' native library ({@code src/main/c/samples-native.c}), compiled once for the tests that need it. */
public final class SamplesNative {
    private static final Path LIBRARY = Path.of("target/libsamples-native.so").toAbsolutePath();
    private static String refusal;
    private static boolean built;

    private SamplesNative() {
    }

    /**
     * The JVM option that hands the library to a sample app; compiles it with gcc first, or skips
     * the test saying why it cannot.
     */
    public static synchronized String property() {
        if (!built) {
            refusal = Command.refusal("gcc", "-O2", "-Wall", "-shared", "-fPIC", "-o", LIBRARY.toString(),
                    "src/main/c/samples-native.c");
            built = true;
        }
        assumeTrue(refusal == null, () -> "cannot compile the samples' native library with gcc: " + refusal);
        return "-Dsamples.native.library=" + LIBRARY;
    }
}
