package io.github.jvmpagemap.samples;

import java.nio.file.Files;
import java.nio.file.Path;

/** The samples' small native library ({@code src/main/c/samples-native.c}), for the scenarios that need it. */
final class NativeLibrary {
    static final String PROPERTY = "samples.native.library";
    static final String BUILD = "gcc -O2 -shared -fPIC -o libsamples-native.so sample-apps/src/main/c/samples-native.c";

    private NativeLibrary() {
    }

    /** Loads the library named by -D{@value #PROPERTY}, or says how to build and name it. */
    static void load() {
        String library = System.getProperty(PROPERTY);
        if (library == null || !Files.isRegularFile(Path.of(library))) {
            throw new BadInputException("-D" + PROPERTY + " must name the built libsamples-native.so"
                    + (library == null ? "" : "; '" + library + "' is not a file") + " (" + BUILD + ")");
        }
        System.load(Path.of(library).toAbsolutePath().toString());
    }
}
