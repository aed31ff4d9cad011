package io.github.jvmpagemap.residency;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time the calling thread has used, as the JVM measures it (user and system), for the
 * agent's CPU cap. Reading it allocates nothing and costs a system call.
 */
public final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean MEASURED = THREADS.isCurrentThreadCpuTimeSupported();

    private ThreadCpu() {
    }

    /** The calling thread's CPU time in nanoseconds, or -1 where this JVM cannot tell. */
    public static long now() {
        return MEASURED ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** The CPU time the calling thread used since {@code start}, a value of {@link #now()}; 0 where unknown. */
    public static long since(long start) {
        return start < 0 ? 0 : Math.max(0, now() - start);
    }
}
