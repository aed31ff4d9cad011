package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.jmx.ResidencyMBeans;

/**
 * Starts what the options ask to publish: the MBeans ({@code jmx=on}) and the JFR side
 * ({@code jfr=on}, {@code recording=}). All of it on the scanner thread once the page table is
 * open, except, where {@link JfrAtLaunch} says so, the JFR events, which are registered in
 * {@code premain} before that thread starts.
 */
final class Publishers {
    private final AgentOptions options;
    private boolean eventsRegistered;

    Publishers(AgentOptions options) {
        this.options = options;
    }

    /** On the thread that starts the agent, before the scanner thread runs. */
    void beforeThread(ScanLoop loop) {
        if (options.jfr() && JfrAtLaunch.registerInPremain()) {
            JfrPublishing.registerEvents(loop);
            eventsRegistered = true;
        }
    }

    /** On the scanner thread, once the page table is open. */
    void start(ScanLoop loop) {
        if (options.jmx()) {
            ResidencyMBeans.register(loop, AgentLog::once);
        }
        if (options.jfr() && !eventsRegistered) {
            JfrPublishing.registerEvents(loop);
        }
        JfrPublishing.startRecording(loop, options);
    }
}
