package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.jmx.ResidencyMBeans;
import io.github.jvmpagemap.recording.ResidencyEvents;

/**
 * Starts what the options ask to publish: the MBeans ({@code jmx=on}) and the JFR side
 * ({@code jfr=on}, {@code recording=}). All of it on the scanner thread once the page table is
 * open, except, where {@link JfrAtLaunch} says so, the JFR events, which are registered in
 * {@code premain} before that thread starts.
 */
final class Publishers {
    private final AgentOptions options;
    private boolean eventsRegistered;
    private ResidencyEvents events;

    Publishers(AgentOptions options) {
        this.options = options;
    }

    /** On the thread that starts the agent, before the scanner thread runs. */
    void beforeThread(Scans scans) {
        if (options.jfr() && JfrAtLaunch.registerInPremain()) {
            events = JfrPublishing.registerEvents(scans);
            eventsRegistered = true;
        }
    }

    /** On the scanner thread, once the page table is open. */
    void start(Scans scans, ScanThread thread) {
        if (options.jmx()) {
            try {
                ResidencyMBeans.register(scans, scans, scans, AgentLog::problemOnce);
            } catch (LinkageError e) {
                AgentLog.note("MBeans not registered: this runtime lacks the java.management module ("
                        + e.getMessage() + "); the other publishers carry on");
            }
        }
        if (options.jfr() && !eventsRegistered) {
            events = JfrPublishing.registerEvents(scans);
        }
        JfrPublishing.startRecording(thread, scans, events, options);
        if (events != null) {
            // After the agent's own recording started, so that it holds the lines said before it too.
            AgentLog.recordTo(JfrPublishing::recordMessage);
        }
    }
}
