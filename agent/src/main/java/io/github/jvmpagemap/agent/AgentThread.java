package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.proc.ThreadNames;

/**
 * How the agent's one thread is named, and so how the command line tells from outside that the
 * agent runs in a JVM: by the name as the kernel keeps it, which is what
 * {@code /proc/<pid>/task/<tid>/comm} shows.
 */
public final class AgentThread {
    /** The thread's name once the page table is open and the agent is running. */
    public static final String NAME = "jvm-pagemap scanner";
    /** The thread's name until then: an agent that fails to start never looks running. */
    public static final String STARTING_NAME = "jvm-pagemap starting";
    /** The JVM's shutdown hook that prints the last table ({@code print=}). */
    public static final String EXIT_NAME = "jvm-pagemap exit";
    /** {@link #NAME} as {@code /proc/<pid>/task/<tid>/comm} shows it. */
    public static final String COMM = ThreadNames.asKernelKeeps(NAME);

    private AgentThread() {
    }
}
