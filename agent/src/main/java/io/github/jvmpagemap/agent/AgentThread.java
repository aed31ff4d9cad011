package io.github.jvmpagemap.agent;

/**
 * How the agent's one thread is named, and so how the command line tells from outside that the
 * agent runs in a JVM: the kernel keeps a thread's name cut to {@link #COMM_LENGTH} characters,
 * which is what {@code /proc/<pid>/task/<tid>/comm} shows.
 */
public final class AgentThread {
    /** The thread's name once the page table is open and the agent is running. */
    public static final String NAME = "jvm-pagemap scanner";
    /** The thread's name until then: an agent that fails to start never looks running. */
    public static final String STARTING_NAME = "jvm-pagemap starting";
    /** The longest thread name Linux keeps (TASK_COMM_LEN less the NUL). */
    static final int COMM_LENGTH = 15;
    /** {@link #NAME} as {@code /proc/<pid>/task/<tid>/comm} shows it. */
    public static final String COMM = NAME.substring(0, COMM_LENGTH);

    private AgentThread() {
    }
}
