package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.recording.AgentRecording;
import io.github.jvmpagemap.recording.ResidencyEvents;
import io.github.jvmpagemap.residency.ResidencySource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JFR side of the agent: the periodic events ({@code jfr=on}) and the agent's own recording
 * ({@code recording=}). {@link Publishers} decides on which thread and when.
 */
final class JfrPublishing {
    private JfrPublishing() {
    }

    /**
     * Registers the periodic events on the calling thread. Never throws: a failure is one line,
     * and the other publishers carry on.
     */
    static void registerEvents(ResidencySource source) {
        try {
            ResidencyEvents.register(source);
        } catch (Throwable t) {
            AgentLog.line("JFR events not registered (" + t + "); the other publishers carry on");
        }
    }

    /** The agent's own recording, if {@code recording=} asks for one; on the scanner thread. */
    static void startRecording(ScanThread thread, AgentOptions options) {
        if (options.recording() == null) {
            return;
        }
        if (!options.jfr()) {
            AgentLog.line("recording= needs jfr=on; no recording is made");
            return;
        }
        AgentRecording recording;
        try {
            recording = AgentRecording.start(Path.of(options.recording()), options.interval(), AgentLog::line);
        } catch (IOException | RuntimeException e) {
            AgentLog.line("recording: " + e.getMessage() + "; no recording is made");
            return;
        }
        AgentLog.line("recording to " + recording.file());
        Runnable rewrite = () -> {
            try {
                recording.rewrite();
            } catch (IOException e) {
                AgentLog.once("recording: cannot rewrite " + recording.file() + " (" + e.getMessage() + ")");
            }
        };
        // Once as soon as the first events are in, so the file holds data early; then periodically.
        thread.after(options.interval().plusSeconds(1), rewrite);
        thread.every(AgentRecording.rewritePeriod(options.interval()), rewrite);
    }
}
