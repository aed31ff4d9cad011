package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.view.TerminalText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's voice: one line on stderr, prefixed {@code jvm-pagemap:}, that says what it is. An
 * informational line (a choice {@code auto} made, a figure shown as n/a, a capability this runtime
 * lacks, where the recording goes) continues {@code note:}; a problem or a refusal does not. No
 * logging framework is forced on the host application, a repeated problem is said once (among the
 * last {@value #REMEMBERED} different ones, so that memory stays bounded), and a message is always
 * one line: line breaks and other control characters in what it quotes (an option's value, an
 * exception's text) are made visible. Once the JFR events are registered every line also goes to
 * the recordings as an event ({@link #recordTo}); the lines said before that (the first notes of
 * start-up) are kept, up to {@value #KEPT_BEFORE_RECORDING}, and recorded then.
 */
final class AgentLog {
    static final String PREFIX = "jvm-pagemap: ";
    /** What follows {@link #PREFIX} on an informational line. */
    static final String NOTE = "note: ";
    static final int REMEMBERED = 256;
    static final int KEPT_BEFORE_RECORDING = 32;

    /** Where a line goes besides stderr: the recordings. */
    @FunctionalInterface
    interface Recorder {
        void record(boolean note, String line);
    }

    private static Recorder recorder;
    private static final List<Object[]> UNRECORDED = new ArrayList<>();
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
        say(true, oneLine(message));
    }

    /** Says what went wrong, or what the agent refuses to do. */
    static void problem(String message) {
        say(false, oneLine(message));
    }

    private static synchronized void say(boolean note, String line) {
        System.err.println(PREFIX + (note ? NOTE : "") + line);
        if (recorder != null) {
            record(note, line);
        } else if (UNRECORDED.size() < KEPT_BEFORE_RECORDING) {
            UNRECORDED.add(new Object[] {note, line});
        }
    }

    /** From now on every line goes to {@code to} too, those said so far first. */
    static synchronized void recordTo(Recorder to) {
        recorder = to;
        for (Object[] said : UNRECORDED) {
            record((Boolean) said[0], (String) said[1]);
        }
        UNRECORDED.clear();
    }

    private static void record(boolean note, String line) {
        try {
            recorder.record(note, line);
        } catch (Throwable t) {
            // Nowhere to say it but stderr, which has the line already: the recordings go without.
            recorder = null;
        }
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
