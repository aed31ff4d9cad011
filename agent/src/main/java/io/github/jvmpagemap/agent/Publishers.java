package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.jmx.ResidencyMBeans;

/**
 * Starts what the options ask to publish, on the scanner thread once the page table is open:
 * the MBeans ({@code jmx=on}) and the JFR side ({@code jfr=on}, {@code recording=}).
 */
final class Publishers {
    private Publishers() {
    }

    static void start(ScanLoop loop, AgentOptions options) {
        if (options.jmx()) {
            ResidencyMBeans.register(loop, AgentLog::once);
        }
        JfrPublishing.start(loop, options);
    }
}
