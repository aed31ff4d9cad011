package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.view.TerminalText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's voice: one line on stderr, prefixed {@code jvm-pagemap:}, that says what it is. An
 * informational line (a choice {@code auto} made, a figure shown as n/a, a capability this runtime
 * lacks, where the recording goes) continues {@code note:}; a problem or a refusal does not. No
 * logging framework is forced on the host application, a repeated problem is said once (among the
 * last {@value #REMEMBERED} different ones, so that memory stays bounded), and a message is always
 * one line: line breaks and other control characters in what it quotes (an option's value, an
 * exception's text) are made visible.
 */
final class AgentLog {
    static final String PREFIX = "jvm-pagemap: ";
    /** What follows {@link #PREFIX} on an informational line. */
    static final String NOTE = "note: ";
    static final int REMEMBERED = 256;
    private static final Map<String, Boolean> SAID = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    private AgentLog() {
    }

    /** Says something the user may want to know that is not wrong: a choice, a capability left out. */
    static void note(String message) {
        System.err.println(PREFIX + NOTE + oneLine(message));
    }

    /** Says what went wrong, or what the agent refuses to do. */
    static void problem(String message) {
        System.err.println(PREFIX + oneLine(message));
    }

    /** Says a problem unless it has been said lately. */
    static synchronized void problemOnce(String message) {
        if (SAID.put(message, Boolean.TRUE) == null) {
            problem(message);
        }
    }

    /** {@code message} with its line breaks and other control characters made visible. */
    static String oneLine(String message) {
        return TerminalText.visible(message);
    }

    /** How many different messages {@link #once} remembers now: for tests of its bound. */
    static synchronized int remembered() {
        return SAID.size();
    }
}
