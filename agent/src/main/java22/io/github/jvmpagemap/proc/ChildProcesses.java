package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Asks the kernel in one call whether this process has a child process: the JDK 22+ variant,
 * loaded from {@code META-INF/versions/22} of the multi-release jar. {@code waitid(P_ALL, WNOHANG
 * | WNOWAIT)} fails with ECHILD exactly when no thread of the process has a child, of any kind
 * ({@code __WALL}); it reaps nothing and changes no child's state, so the JVM's own waiting for
 * the processes it started is untouched. One call, where reading every thread's children file
 * costs a read per thread. Without native access for the agent there is no check, and the files
 * are read; native access is checked before any restricted method is touched.
 */
final class ChildProcesses {
    private ChildProcesses() {
    }

    /** A check in one system call, or null without native access. */
    static Check open() {
        if (!ChildProcesses.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        try {
            return new Waitid();
        } catch (Throwable t) {
            return null;
        }
    }

    /** Whether this process has a child process now. */
    interface Check {
        /** @throws IOException if the kernel would not say */
        boolean any() throws IOException;
    }

    private static final class Waitid implements Check {
        private static final int P_ALL = 0;
        private static final int WNOHANG = 1;
        private static final int WEXITED = 4;
        private static final int WNOWAIT = 0x01000000;
        private static final int WALL = 0x40000000;
        private static final int ECHILD = 10;
        /** sizeof(siginfo_t) on Linux. */
        private static final long SIGINFO_SIZE = 128;

        private final Arena arena = Arena.ofAuto();
        private final MemorySegment info = arena.allocate(SIGINFO_SIZE, Long.BYTES);
        private final MemorySegment errno = LibC.errnoSlot(arena);

        @Override
        public boolean any() throws IOException {
            int result;
            try {
                result = LibC.waitid(errno, P_ALL, 0, info, WEXITED | WNOHANG | WNOWAIT | WALL);
            } catch (Throwable t) {
                throw new IOException("waitid failed: " + t, t);
            }
            if (result == 0) {
                return true; // a child, whether or not one has changed state
            }
            int error = LibC.errno(errno);
            if (error == ECHILD) {
                return false;
            }
            throw new IOException("waitid failed: " + LibC.describe(error));
        }
    }
}
