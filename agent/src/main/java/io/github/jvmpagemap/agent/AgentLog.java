package io.github.jvmpagemap.agent;

import java.util.HashSet;
import java.util.Set;

/**
 * The agent's voice: one line on stderr, prefixed {@code jvm-pagemap:}. No logging framework
 * is forced on the host application, and a repeated problem is said once.
 */
final class AgentLog {
    static final String PREFIX = "jvm-pagemap: ";
    private static final Set<String> SAID = new HashSet<>();

    private AgentLog() {
    }

    static void line(String message) {
        System.err.println(PREFIX + message);
    }

    /** Says {@code message} unless it has been said before. */
    static synchronized void once(String message) {
        if (SAID.add(message)) {
            line(message);
        }
    }
}
