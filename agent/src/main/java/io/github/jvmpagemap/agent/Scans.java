package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.recording.PageMapSnapshot;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.residency.Snapshots;
import io.github.jvmpagemap.scan.PageTable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The agent's scans as publishers see them: the latest one, a fresh one on request (rate-limited
 * to one per interval), a listener after each, and page-map snapshots. Every scan runs on the
 * {@link ScanThread}; callers on other threads wait for it within bounds.
 */
final class Scans implements ResidencySource, Snapshots {
    /** How long a caller of {@link #fresh} waits for the scanner before taking the latest scan. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    /** How long {@link #take} may take: a 16 GiB heap takes seconds. */
    static final Duration SNAPSHOT_WAIT = Duration.ofMinutes(2);

    private final ScanThread thread;
    private final Duration interval;
    private final List<Consumer<Residency>> listeners = new CopyOnWriteArrayList<>();
    private ResidencyScanner scanner;
    private PageTable pageTable;
    private volatile Residency latest;

    Scans(ScanThread thread, Duration interval) {
        this.thread = thread;
        this.interval = interval;
    }

    /** On the scan thread: from now on scans are taken with {@code scanner} over {@code pageTable}. */
    void open(ResidencyScanner scanner, PageTable pageTable) {
        this.scanner = scanner;
        this.pageTable = pageTable;
    }

    /** On the scan thread: one scan, published. */
    void scan() throws IOException {
        publish(scanner.scan());
    }

    /** The background task: a scan, whose failure is said once and tried again next interval. */
    void scheduled() {
        try {
            scan();
        } catch (Throwable t) {
            AgentLog.once("scan failed (" + t + "); will try again in " + interval.toMillis() + " ms");
        }
    }

    @Override
    public Residency latest() {
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
    public Residency fresh(Duration maxAge) {
        try {
            return thread.call(() -> {
                Residency r = latest;
                if (scanner != null && (r == null || Duration.between(r.time(), Instant.now()).compareTo(maxAge) > 0)) {
                    scheduled();
                }
                return latest;
            }, LONGEST_WAIT);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return latest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return latest;
        }
    }

    /** A page map from a scan of its own, whose figures are published like any other scan's. */
    @Override
    public void take(Path file) throws IOException {
        try {
            thread.call(() -> {
                if (scanner == null) {
                    throw new IOException("no layout yet: the agent has not completed a scan");
                }
                publish(PageMapSnapshot.write(file, scanner, pageTable));
                return null;
            }, SNAPSHOT_WAIT);
        } catch (RejectedExecutionException e) {
            throw new IOException("the agent is stopped");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the snapshot did not finish within " + SNAPSHOT_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the snapshot");
        }
    }

    private void publish(Residency r) {
        latest = r;
        for (Consumer<Residency> listener : listeners) {
            try {
                listener.accept(r);
            } catch (Throwable t) {
                AgentLog.once("publishing a scan failed (" + t + ")");
            }
        }
    }
}
