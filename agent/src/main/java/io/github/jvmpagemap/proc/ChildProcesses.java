package io.github.jvmpagemap.proc;

import java.io.IOException;

/**
 * Asks the kernel in one call whether this process has a child process. This is the JDK 17-21
 * variant: it cannot (the call needs FFM), so {@link AnonymousSharing} reads every thread's
 * children file instead. A JDK 22+ build replaces this class through {@code META-INF/versions/22}.
 */
final class ChildProcesses {
    private ChildProcesses() {
    }

    /** A check in one system call, or null where there is none. */
    static Check open() {
        return null;
    }

    /** Whether this process has a child process now. */
    interface Check {
        /** @throws IOException if the kernel would not say */
        boolean any() throws IOException;
    }
}
