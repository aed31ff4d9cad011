package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.recording.AgentRecording;
import io.github.jvmpagemap.recording.MessageEvents;
import io.github.jvmpagemap.recording.ResidencyEvents;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencySource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

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
     *
     * @return the events, or null if they could not be registered
     */
    static ResidencyEvents registerEvents(ResidencySource source) {
        try {
            return ResidencyEvents.register(source);
        } catch (Throwable t) {
            String line = "JFR events not registered (" + why(t) + "); the other publishers carry on";
            if (lacksJfr(t)) {
                AgentLog.note(line);
            } else {
                AgentLog.problem(line);
            }
            return null;
        }
    }

    /**
     * The agent's own recording, if {@code recording=} asks for one; on the scanner thread,
     * before the first scan, whose events it writes to the file as soon as that scan is done.
     */
    static void startRecording(ScanThread thread, Scans scans, ResidencyEvents events, AgentOptions options) {
        if (options.recording() == null) {
            return;
        }
        if (!options.jfr() || events == null) {
            AgentLog.problem("recording= needs the JFR events (jfr=on, and the jdk.jfr module); no recording is made");
            return;
        }
        AgentRecording recording;
        try {
            recording = AgentRecording.start(Path.of(options.recording()), options.interval(), AgentLog::note,
                    AgentLog::problem);
        } catch (Throwable t) {
            AgentLog.problem("recording: " + why(t) + "; no recording is made");
            return;
        }
        AgentLog.note("recording to " + recording.file());
        Runnable rewrite = () -> {
            try {
                recording.rewrite();
            } catch (IOException e) {
                AgentLog.problemOnce("recording: cannot rewrite " + recording.file() + " (" + e.getMessage() + ")");
            }
        };
        scans.onScan(new FirstScanWritten(events, rewrite));
        // Once more when the first periods have passed, so that the JDK's periodic events are in early too.
        thread.after(options.interval().plusSeconds(1), rewrite);
        thread.every(AgentRecording.rewritePeriod(options.interval()), rewrite);
    }

    /** True if {@code t} says this runtime has no {@code jdk.jfr} module: a capability missing, not a fault. */
    private static boolean lacksJfr(Throwable t) {
        return t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException;
    }

    /** One of the agent's lines, as an event in the recordings that enable it. */
    static void recordMessage(boolean note, String line) {
        MessageEvents.commit(note, line);
    }

    /** What a failure says: its message, or its kind where it has none. */
    static String why(Throwable t) {
        if (lacksJfr(t)) {
            return "this runtime lacks the jdk.jfr module (" + t.getMessage() + ")";
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** Commits the first scan's events and writes the file at once; later scans wait for their period. */
    private static final class FirstScanWritten implements Consumer<Residency> {
        private final ResidencyEvents events;
        private final Runnable rewrite;
        private boolean done;

        FirstScanWritten(ResidencyEvents events, Runnable rewrite) {
            this.events = events;
            this.rewrite = rewrite;
        }

        @Override
        public void accept(Residency scan) {
            if (!done) {
                done = true;
                events.commitNow(scan);
                rewrite.run();
            }
        }
    }
}
