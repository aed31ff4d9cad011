package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.residency.Snapshots;
import io.github.jvmpagemap.residency.WrittenMeasures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A scanner the test drives by hand, recording what the beans ask of it. */
public final class FakeSource implements ResidencySource, Snapshots, WrittenMeasures {
    public final Duration interval;
    public final List<Duration> freshAsked = new ArrayList<>();
    public final List<Path> snapshots = new ArrayList<>();
    public IOException snapshotFailure;
    public final List<Duration> windowsAsked = new ArrayList<>();
    /** What a write window on request answers; null to fail as a JVM that cannot track writes. */
    public Residency windowScan;
    /** CPU the beans charged, in nanoseconds. */
    public long charged;
    public int peakResets;
    /** What the scan after a reset of the peaks answers; null to fail as a process whose VmHWM cannot be reset. */
    public Residency afterReset;
    private final List<Consumer<Residency>> listeners = new ArrayList<>();
    private Residency latest;

    public FakeSource(Duration interval) {
        this.interval = interval;
    }

    /** A scan completes: listeners hear of it, as on the scanner thread. */
    public void scan(Residency r) {
        latest = r;
        listeners.forEach(l -> l.accept(r));
    }

    @Override
    public Residency latest() {
        return latest;
    }

    @Override
    public Residency fresh(Duration maxAge) {
        freshAsked.add(maxAge);
        return latest;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public void onScan(Consumer<Residency> listener) {
        listeners.add(listener);
    }

    @Override
    public void charge(long cpuNanos) {
        charged += cpuNanos;
    }

    @Override
    public void resetPeaks() throws IOException {
        peakResets++;
        if (afterReset == null) {
            throw new IOException("cannot reset VmHWM through /proc/self/clear_refs (Permission denied)");
        }
        scan(afterReset);
    }

    @Override
    public void take(Path file) throws IOException {
        if (snapshotFailure != null) {
            throw snapshotFailure;
        }
        snapshots.add(file);
    }

    @Override
    public Residency measureWritten(Duration window) throws IOException {
        windowsAsked.add(window);
        if (windowScan == null) {
            throw new IOException("written pages need JDK 22 or newer");
        }
        scan(windowScan);
        return windowScan;
    }
}
