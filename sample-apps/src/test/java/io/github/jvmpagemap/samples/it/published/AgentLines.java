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

    /** The agent's problem lines among {@code stderr}: a test that wants "no problem" checks these. */
    public static List<String> problems(List<String> stderr) {
        return stderr.stream().filter(l -> l.startsWith(PREFIX) && !l.startsWith(NOTE)).toList();
    }
}
