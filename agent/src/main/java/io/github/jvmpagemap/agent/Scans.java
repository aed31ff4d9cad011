package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.recording.PageMapSnapshot;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.residency.Snapshots;
import io.github.jvmpagemap.residency.ThreadCpu;
import io.github.jvmpagemap.residency.WrittenMeasures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
final class Scans implements ResidencySource, Snapshots, WrittenMeasures {
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
    /** True while a window on request runs or waits for the thread: one at a time. */
    private final AtomicBoolean windowPending = new AtomicBoolean();
    /** Write windows; every scan reads the open one. */
    private final WriteWindow window;
    /** The CPU cap: the background scans' period, and whether a scan is taken on request. */
    private final CpuBudget budget;

    Scans(ScanThread thread, Duration interval, WriteWindow window, CpuBudget budget) {
        this.thread = thread;
        this.interval = interval;
        this.window = window;
        this.budget = budget;
    }

    /** On the scan thread: from now on scans are taken with {@code scanner}. */
    void open(ResidencyScanner scanner) {
        this.scanner = scanner;
    }

    /** On the scan thread: one scan, with what the open write window saw (which it ends), published. */
    void scan() throws IOException {
        publish(scanner.scan(null, window.takeForScan(), budget.effectiveIntervalNanos()));
    }

    /**
     * On the scan thread: background scans every interval (or longer, where the CPU cap needs it),
     * each after a write window of {@code written} (or none if null) watching one block of pages
     * in {@code sampleEvery}. The window is armed by one task and read by the scan, a later task:
     * the thread stays free for other work meanwhile. After each scan a task of its own plans the
     * next, once the scan's CPU is counted.
     */
    void schedule(Duration written, int sampleEvery) {
        thread.after(written == null ? interval : interval.minus(written), new Cycle(written, sampleEvery).self);
    }

    /** One background scan, with its write window if any, then the plan of the next. */
    private final class Cycle implements Runnable {
        private final Duration written;
        private final int sampleEvery;
        /** This cycle and its plan, each wrapped once for the thread: a scan makes no new task objects of its own. */
        private final Runnable plan;
        private final Runnable self;

        Cycle(Duration written, int sampleEvery) {
            this.written = written;
            this.sampleEvery = sampleEvery;
            this.plan = thread.contained(this::plan);
            this.self = thread.contained(this);
        }

        @Override
        public void run() {
            if (written == null) {
                scheduled();
                thread.execute(plan);
                return;
            }
            try {
                // A window on request may be running: it is left to run, and its scan stands for this one.
                if (!window.open()) {
                    window.arm(written, sampleEvery);
                }
            } catch (IOException e) {
                AgentLog.problemOnce("the write window could not be armed (" + e.getMessage() + "); scans go on"
                        + " without written figures");
            }
            thread.after(written, () -> {
                // Not while a window on request runs, nor again if a scan asked for at the
                // window's end has read it already.
                Residency r = latest;
                if (!window.running() && (window.open() || r == null || !r.hasWriteWindow()
                        || olderThan(r, written))) {
                    scheduled();
                }
                thread.execute(plan);
            });
        }

        /** After the scan's CPU is counted: the next cycle, an interval from now or as the cap allows. */
        private void plan() {
            if (budget.counting()) {
                budget.reconcile(ThreadCpu.now());
            }
            Duration next = budget.nextDelay();
            String stretched = budget.stretchedOnce();
            if (stretched != null) {
                AgentLog.note(stretched);
            }
            thread.after(written == null ? next : next.minus(written), self);
        }
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
    public Residency measureWritten(Duration length) throws IOException {
        // On request, once: every page is watched, for an exact count.
        if (length.compareTo(SHORTEST) < 0 || length.compareTo(LONGEST) > 0) {
            throw new IOException("a write window lasts from " + SHORTEST.toMillis() + " ms to " + LONGEST.toMinutes()
                    + " minutes, not " + length.toMillis() + " ms");
        }
        if (thread.isCurrent()) {
            throw new IOException("a write window cannot be waited for on the agent's own thread");
        }
        if (!windowPending.compareAndSet(false, true)) {
            throw new IOException("a write window on request is running; one at a time");
        }
        try {
            return waitForWindow(length);
        } finally {
            windowPending.set(false);
        }
    }

    private Residency waitForWindow(Duration length) throws IOException {
        CompletableFuture<Residency> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    if (scanner == null) {
                        throw new IOException("the agent has not completed its first scan");
                    }
                    // Takes over a periodic window that runs: this window's scan stands for its.
                    window.arm(length, 1);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                    return;
                }
                thread.after(length, () -> {
                    try {
                        scan();
                        done.complete(latest);
                    } catch (Throwable t) {
                        done.completeExceptionally(t);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            throw new IOException("the agent is stopped");
        }
        try {
            return done.get(length.plus(SNAPSHOT_WAIT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
        } catch (TimeoutException e) {
            throw new IOException("the write window's scan did not finish in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the write window");
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
    public void charge(long cpuNanos) {
        budget.charge(cpuNanos);
    }

    @Override
    public void resetPeaks() throws IOException {
        if (thread.isCurrent()) {
            throw new IOException("the peaks cannot be reset from the agent's own thread");
        }
        Future<Void> done;
        try {
            done = thread.submit(() -> {
                if (scanner == null) {
                    throw new IOException("the agent has not completed its first scan");
                }
                try {
                    scanner.resetPeaks();
                } finally {
                    // The rows' peaks are reset even if VmHWM could not be: the scan shows them.
                    scan();
                }
                return null;
            });
        } catch (RejectedExecutionException e) {
            throw new IOException("the agent is stopped");
        }
        try {
            done.get(SNAPSHOT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the scan after resetting the peaks did not finish in time; the peaks are reset");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the scan after resetting the peaks");
        }
    }

    /**
     * At exit, on the thread that runs the JVM's shutdown hooks: a last scan, waiting for the
     * agent's thread at most {@code wait}; the latest scan if it cannot be had, null if there is none.
     *
     * @param open what opens the scanner where no scan has run yet (a job shorter than the
     *     first scan's wait), on the agent's thread
     */
    Residency last(Duration wait, Runnable open) {
        try {
            return thread.submit(() -> {
                boolean first = scanner == null;
                if (first) {
                    open.run();
                }
                if (scanner != null) {
                    window.end();
                    if (first) {
                        // A first scan loads and links the scanner's own code as it walks: VmRSS,
                        // read at its end, holds what the rows walked before it could not. The
                        // second is the one shown.
                        scan();
                    }
                    scan();
                }
                return latest;
            }).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return latest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return latest;
        }
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
        if (r != null && (!olderThan(r, maxAge) || budget.spent())) {
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

    /**
     * Scans if the latest scan is older than {@code maxAge}, unless the CPU cap is reached (the
     * latest stands) or a write window runs (its scan comes at its end).
     */
    private void scanIfOlderThan(Duration maxAge) {
        Residency r = latest;
        if (scanner != null && (r == null || olderThan(r, maxAge) && !budget.spent()) && !window.running()) {
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
        // A snapshot cannot wait for a window: it ends one that runs, whose scan then has no written figures.
        window.end();
        Residency scan = PageMapSnapshot.write(file, scanner);
        lastSnapshot = now;
        snapshotTaken = true;
        publish(scan);
        if (abandoned.get()) {
            Files.deleteIfExists(file);
        }
    }

    private void publish(Residency scan) {
        long effective = budget.effectiveIntervalNanos();
        Residency r = scan.effectiveIntervalNanos() == effective ? scan : scan.withEffectiveInterval(effective);
        latest = r;
        // By index: a list's iterator is an object a scan would make every time.
        for (int i = 0; i < listeners.size(); i++) {
            Consumer<Residency> listener = listeners.get(i);
            try {
                listener.accept(r);
            } catch (Throwable t) {
                AgentLog.problemOnce("publishing a scan failed (" + t + ")");
            }
        }
    }
}
