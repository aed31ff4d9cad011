package io.github.jvmpagemap.samples.it.published;

import java.util.List;

/**
 * What the agent says on stderr, as a user tells it apart: every line starts {@code jvm-pagemap: };
 * an informational one continues {@code note: }, a problem or a refusal does not.
 */
public final class AgentLines {
    public static final String PREFIX = "jvm-pagemap: ";
    public static final String NOTE = PREFIX + "note: ";

    private AgentLines() {
    }

    /** Every line the agent printed among {@code stderr} (not its tables, which {@code PrintedTable} reads). */
    public static List<String> all(List<String> stderr) {
        return stderr.stream().filter(l -> l.startsWith(PREFIX)).toList();
    }

    /** The agent's lines, notes or not, whose message begins with {@code topic} (e.g. "recording"). */
    public static List<String> about(String topic, List<String> stderr) {
        return stderr.stream().filter(l -> l.startsWith(PREFIX + topic) || l.startsWith(NOTE + topic)).toList();
    }

    /** The agent's problem lines among {@code stderr}: a test that wants "no problem" checks these. */
    public static List<String> problems(List<String> stderr) {
        return stderr.stream().filter(l -> l.startsWith(PREFIX) && !l.startsWith(NOTE)).toList();
    }
}
