package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.jfr.MessageEvent;

/** The agent's lines as {@code jvmpagemap.Message} events, in every recording that enables them. */
public final class MessageEvents {
    private MessageEvents() {
    }

    /** Commits one line: {@code note} true for information, false for a problem or a refusal. */
    public static void commit(boolean note, String message) {
        MessageEvent e = new MessageEvent();
        if (e.isEnabled()) {
            e.severity = note ? MessageEvent.NOTE : MessageEvent.PROBLEM;
            e.message = message;
            e.commit();
        }
    }
}
