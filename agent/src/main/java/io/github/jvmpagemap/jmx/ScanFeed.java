package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.residency.Snapshots;
import io.github.jvmpagemap.residency.WrittenMeasures;

/**
 * What the beans read: the agent's scans, and how many there have been. Every read goes through
 * {@link ResidencySource#fresh} with the scan interval, so however often clients poll, they cause
 * at most one scan per interval and wait at most for one scan.
 */
final class ScanFeed {
    private final ResidencySource source;
    private final Snapshots snapshots;
    private final WrittenMeasures written;
    private Residency lastCounted;
    private long count;

    ScanFeed(ResidencySource source, Snapshots snapshots, WrittenMeasures written) {
        this.source = source;
        this.snapshots = snapshots;
        this.written = written;
    }

    WrittenMeasures written() {
        return written;
    }

    ResidencySource source() {
        return source;
    }

    Snapshots snapshots() {
        return snapshots;
    }

    /** The latest scan if younger than the interval, else a new one; null before the first scan. */
    Residency current() {
        return source.fresh(source.interval());
    }

    /** Counts {@code scan} unless it was counted already; true if it is new. */
    synchronized boolean count(Residency scan) {
        if (scan == lastCounted) {
            return false;
        }
        lastCounted = scan;
        count++;
        return true;
    }

    synchronized long count() {
        return count;
    }
}
