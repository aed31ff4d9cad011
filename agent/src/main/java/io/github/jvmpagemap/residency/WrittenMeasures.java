package io.github.jvmpagemap.residency;

import java.io.IOException;
import java.time.Duration;

/** Written pages on request: one write window of a given length, then a scan with its written figures. */
public interface WrittenMeasures {
    /** The shortest window on request. */
    Duration SHORTEST = Duration.ofMillis(100);
    /** The longest window on request: its caller waits for it. */
    Duration LONGEST = Duration.ofMinutes(10);

    /**
     * Arms a write window of {@code window} (re-arming one that is open: one registration per
     * range), then scans at its end; the scan is published like any other. Waits for it.
     *
     * @throws IOException naming why written pages cannot be measured here, or why the scan failed
     */
    Residency measureWritten(Duration window) throws IOException;
}
