package io.github.jvmpagemap.residency;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where publishers (JFR, JMX, the table) get their figures: the agent's one scanner. Scans
 * run on its own thread and never overlap; asking for a fresh one waits for it, within bounds.
 */
public interface ResidencySource {

    /** The latest scan, or null before the first one completes. */
    Residency latest();

    /**
     * The latest scan if it started no longer than {@code maxAge} ago, otherwise a new scan.
     * Waits at most a few seconds; returns the latest scan (possibly null) if the scanner is
     * busy or stopped. Never throws.
     */
    Residency fresh(Duration maxAge);

    /** The period of the background scan (the {@code interval} option). */
    Duration interval();

    /** Calls {@code listener} on the scanner thread after every scan; its exceptions are contained. */
    void onScan(Consumer<Residency> listener);

    /**
     * Starts every row's peak and the process's (VmHWM) again from now, and scans, so that the
     * peaks read next are the new ones. Waits for that scan, within bounds.
     *
     * @throws IOException naming why the peaks could not be reset or the scan not taken
     */
    void resetPeaks() throws IOException;

    /**
     * Counts {@code cpuNanos} of CPU the agent's work took on a thread of the application's (a JMX
     * client's call, a JFR hook) against the agent's CPU cap.
     */
    void charge(long cpuNanos);
}
