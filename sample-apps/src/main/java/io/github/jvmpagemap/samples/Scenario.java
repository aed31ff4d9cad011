package io.github.jvmpagemap.samples;

/** One workload: runs until its deadline passes, saying what it does in lines on stdout. */
interface Scenario {
    /** The name that selects it on the command line. */
    String name();

    /** One line for the list of scenarios. */
    String description();

    /**
     * Does the work and returns once {@code deadline} has passed, even if that is before the
     * scenario got ready.
     *
     * @throws BadInputException when one of the scenario's options is invalid
     */
    void run(Deadline deadline) throws InterruptedException;

    /**
     * Prints {@code "<name>: <message>"} on stdout and flushes it at once: the tests wait for
     * these lines, from another process, before they look at this JVM's memory.
     */
    default void report(String message) {
        System.out.println(name() + ": " + message);
        System.out.flush();
    }
}
