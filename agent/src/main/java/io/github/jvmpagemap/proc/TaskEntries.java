package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Lists a {@code /proc} directory's numbered entries in one system call a batch, into the caller's
 * array. This is the JDK 17-21 variant: it cannot (the call needs FFM), so {@link ThreadIds} walks
 * a directory stream instead. A JDK 22+ build replaces this class through {@code META-INF/versions/22}.
 */
final class TaskEntries {
    private TaskEntries() {
    }

    /** A listing of {@code directory} in system calls, or null where there is none. */
    static Listing open(Path directory) {
        return null;
    }

    /** The numbered entries of one directory, listed again at every call. */
    interface Listing {
        /**
         * Lists the numbered entries into {@code into} from index 0.
         *
         * @return how many there are; more than {@code into.length} if they did not all fit, and
         *     then a larger array must be given
         * @throws IOException if the directory cannot be read
         */
        int list(long[] into) throws IOException;
    }
}
