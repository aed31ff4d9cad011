package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.recording.PageMapSnapshot;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.residency.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private volatile Residency latest;
    /** The request for a fresh scan waiting for the thread, shared by every caller meanwhile: one queued at most. */
    private Future<Residency> pendingFresh;
    /** When the latest snapshot started (System.nanoTime), for the one-per-interval limit. */
    private long lastSnapshot;
    private boolean snapshotTaken;
    /** True while a snapshot waits for the thread or is being written: one at a time, none queued behind it. */
    private final AtomicBoolean snapshotPending = new AtomicBoolean();

    Scans(ScanThread thread, Duration interval) {
        this.thread = thread;
        this.interval = interval;
    }

    /** On the scan thread: from now on scans are taken with {@code scanner}. */
    void open(ResidencyScanner scanner) {
        this.scanner = scanner;
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
            // An I/O failure's message names the file and the reason; anything else is a defect, named in full.
            String why = t instanceof IOException && t.getMessage() != null ? t.getMessage() : t.toString();
            AgentLog.problemOnce("scan failed (" + why + "); will try again in " + interval.toMillis() + " ms");
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

    /**
     * The latest scan if younger than {@code maxAge}, else a new one, waiting at most
     * {@link #LONGEST_WAIT}. Callers that ask while a request is queued share it, so that
     * however many callers time out, at most one request waits for the thread.
     */
    @Override
    public Residency fresh(Duration maxAge) {
        if (thread.isCurrent()) {
            scanIfOlderThan(maxAge);
            return latest;
        }
        Residency r = latest;
        if (r != null && !olderThan(r, maxAge)) {
            return r;
        }
        try {
            return request(maxAge).get(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return latest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return latest;
        }
    }

    private synchronized Future<Residency> request(Duration maxAge) {
        if (pendingFresh == null || pendingFresh.isDone()) {
            pendingFresh = thread.submit(() -> {
                scanIfOlderThan(maxAge);
                return latest;
            });
        }
        return pendingFresh;
    }

    private void scanIfOlderThan(Duration maxAge) {
        Residency r = latest;
        if (scanner != null && (r == null || olderThan(r, maxAge))) {
            scheduled();
        }
    }

    private static boolean olderThan(Residency r, Duration maxAge) {
        return Duration.between(r.time(), Instant.now()).compareTo(maxAge) > 0;
    }

    /**
     * A page map from a scan of its own, whose figures are published like any other scan's. At
     * most one snapshot per interval, like scans on request; a path that cannot be written fails
     * before anything is scanned. A snapshot its caller stopped waiting for leaves no file.
     */
    @Override
    public void take(Path file) throws IOException {
        if (!snapshotPending.compareAndSet(false, true)) {
            throw new IOException("a snapshot is being taken; one at a time");
        }
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<Void> done;
        try {
            done = thread.submit(() -> {
                try {
                    snapshot(file, abandoned);
                } finally {
                    snapshotPending.set(false);
                }
                return null;
            });
        } catch (RejectedExecutionException e) {
            snapshotPending.set(false);
            throw new IOException("the agent is stopped");
        }
        try {
            done.get(SNAPSHOT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            abandoned.set(true);
            if (done.cancel(false)) {
                snapshotPending.set(false);
            }
            throw new IOException("the snapshot did not finish within " + SNAPSHOT_WAIT.toSeconds()
                    + " s; no file is left");
        } catch (InterruptedException e) {
            abandoned.set(true);
            if (done.cancel(false)) {
                snapshotPending.set(false);
            }
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the snapshot; no file is left");
        }
    }

    /** On the scan thread. */
    private void snapshot(Path file, AtomicBoolean abandoned) throws IOException {
        if (scanner == null) {
            throw new IOException("no layout yet: the agent has not completed a scan");
        }
        PageMapSnapshot.checkPath(file);
        long now = System.nanoTime();
        if (snapshotTaken && now - lastSnapshot < interval.toNanos()) {
            long wait = (interval.toNanos() - (now - lastSnapshot) + 999_999_999) / 1_000_000_000;
            throw new IOException("one snapshot per interval (" + interval.toMillis() + " ms): the next can be"
                    + " taken in " + wait + " s");
        }
        Residency scan = PageMapSnapshot.write(file, scanner);
        lastSnapshot = now;
        snapshotTaken = true;
        publish(scan);
        if (abandoned.get()) {
            Files.deleteIfExists(file);
        }
    }

    private void publish(Residency r) {
        latest = r;
        for (Consumer<Residency> listener : listeners) {
            try {
                listener.accept(r);
            } catch (Throwable t) {
                AgentLog.problemOnce("publishing a scan failed (" + t + ")");
            }
        }
    }
}
