package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.recording.AgentRecording;
import io.github.jvmpagemap.recording.ResidencyEvents;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts the JFR side of the agent on the scanner thread, off the application's start-up path:
 * the periodic events ({@code jfr=on}) and the agent's own recording ({@code recording=}).
 */
final class JfrPublishing {
    private JfrPublishing() {
    }

    /**
     * Registers the periodic events on the calling thread. Never throws: a failure is one line,
     * and the other publishers carry on.
     */
    static void registerEvents(ScanLoop loop) {
        try {
            ResidencyEvents.register(loop);
        } catch (Throwable t) {
            AgentLog.line("JFR events not registered (" + t + "); the other publishers carry on");
        }
    }

    /** On the scanner thread: the events unless registered at launch, and the agent's recording. */
    static void start(ScanLoop loop, AgentOptions options) {
        if (options.jfr() && !loop.eventsRegisteredAtLaunch()) {
            registerEvents(loop);
        }
        if (options.recording() != null) {
            if (!options.jfr()) {
                AgentLog.line("recording= needs jfr=on; no recording is made");
                return;
            }
            startRecording(loop, options);
        }
    }

    private static void startRecording(ScanLoop loop, AgentOptions options) {
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
        loop.after(options.interval().plusSeconds(1), rewrite);
        loop.every(AgentRecording.rewritePeriod(options.interval()), rewrite);
    }
}
