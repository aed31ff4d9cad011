package io.github.jvmpagemap.samples.it.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** The samples' native library ({@code src/main/c/samples-native.c}), compiled once for the tests that need it. */
public final class SamplesNative {
    private static final Path LIBRARY = Path.of("target/libsamples-native.so").toAbsolutePath();

    private SamplesNative() {
    }

    /** Compiles the library with gcc, or skips the test saying why it cannot. */
    public static synchronized Path build() throws Exception {
        Process cc = new ProcessBuilder("gcc", "-O2", "-Wall", "-shared", "-fPIC", "-o", LIBRARY.toString(),
                "src/main/c/samples-native.c").redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes());
        assumeTrue(cc.waitFor() == 0, () -> "cannot compile the samples' native library with gcc: " + output);
        return LIBRARY;
    }

    /** The JVM option that hands the library to a sample app. */
    public static String property(Path library) {
        return "-Dsamples.native.library=" + library;
    }
}
