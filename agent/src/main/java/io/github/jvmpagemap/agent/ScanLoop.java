package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.proc.MapsReader;
import io.github.jvmpagemap.proc.MapsReaders;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.recording.PageMapSnapshot;
import io.github.jvmpagemap.region.MBeanDiagnosticCommands;
import io.github.jvmpagemap.region.PoolUsage;
import io.github.jvmpagemap.region.RegionDiscovery;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.residency.ResidencyTable;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.PageTableUnavailableException;
import io.github.jvmpagemap.scan.PageTables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The agent's one background thread: opens the page table, starts the publishers, discovers the
 * layout, scans every {@code interval} and prints the table every {@code print} period.
 * Everything runs on this daemon thread, so the application's start-up waits for none of it
 * (linking the FFM fast path alone takes tens of milliseconds), and scans never overlap.
 * Nothing thrown here reaches the application.
 *
 * <p>The thread is named {@value #STARTING_NAME} until the page table is open and
 * {@value #THREAD_NAME} from then on: the command line tells a running agent by that name.
 */
final class ScanLoop implements ResidencySource {
    static final String THREAD_NAME = "jvm-pagemap scanner";
    static final String STARTING_NAME = "jvm-pagemap starting";
    /** How long a caller of {@link #fresh} waits for the scanner before taking the latest scan. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    /** How long {@link #snapshot} may take: a 16 GiB heap takes seconds. */
    static final Duration SNAPSHOT_WAIT = Duration.ofMinutes(2);

    private final AgentOptions options;
    private final ProcFiles proc;
    private final ScheduledExecutorService executor;
    private final Publishers publishers;
    private PageTable pageTable;
    private MapsReader mapsReader;
    private final List<Consumer<Residency>> listeners = new CopyOnWriteArrayList<>();
    private ResidencyScanner scanner;
    private volatile Residency latest;

    private ScanLoop(AgentOptions options, ProcFiles proc, Publishers publishers) {
        this.options = options;
        this.proc = proc;
        this.publishers = publishers;
        this.executor = Executors.newSingleThreadScheduledExecutor(new DaemonThreads());
    }

    /**
     * Starts the thread, after what {@code publishers} must do on the calling thread; what
     * fails from here on is said in one line and stops the agent.
     */
    static ScanLoop start(AgentOptions options, ProcFiles proc, Publishers publishers) {
        ScanLoop loop = new ScanLoop(options, proc, publishers);
        publishers.beforeThread(loop);
        loop.executor.execute(loop.new FirstScan());
        return loop;
    }

    /** True once the agent has stopped, for want of a page table or of the memory maps. */
    boolean stopped() {
        return executor.isShutdown();
    }

    @Override
    public Residency latest() {
        return latest;
    }

    @Override
    public Duration interval() {
        return options.interval();
    }

    @Override
    public void onScan(Consumer<Residency> listener) {
        listeners.add(listener);
    }

    @Override
    public Residency fresh(Duration maxAge) {
        if (Thread.currentThread().getName().equals(THREAD_NAME)) {
            scanIfOlderThan(maxAge);
            return latest;
        }
        try {
            Future<Residency> done = executor.submit(() -> {
                scanIfOlderThan(maxAge);
                return latest;
            });
            return done.get(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            return latest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return latest;
        }
    }

    @Override
    public void snapshot(Path file) throws IOException {
        Future<Long> done;
        try {
            done = executor.submit(() -> {
                if (scanner == null) {
                    throw new IOException("no layout yet: the agent has not completed a scan");
                }
                // A scan first, so the page map has the layout and the maps of this very moment.
                publish(scanner.scan());
                return PageMapSnapshot.write(file, scanner.layout(), scanner.maps(), pageTable);
            });
        } catch (RejectedExecutionException e) {
            throw new IOException("the agent is stopped");
        }
        try {
            done.get(SNAPSHOT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the snapshot did not finish within " + SNAPSHOT_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the snapshot");
        }
    }

    /** Runs {@code task} once on the scanner thread after {@code delay}. */
    void after(Duration delay, Runnable task) {
        executor.schedule(contained(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the scanner thread every {@code period}, starting one period from now. */
    void every(Duration period, Runnable task) {
        long millis = period.toMillis();
        executor.scheduleWithFixedDelay(contained(task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A task whose failure is said once and never ends the scheduler or reaches the application. */
    private static Runnable contained(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                AgentLog.once("background task failed (" + t + ")");
            }
        };
    }

    private void scanIfOlderThan(Duration maxAge) {
        Residency r = latest;
        if (scanner != null && (r == null || Duration.between(r.time(), Instant.now()).compareTo(maxAge) > 0)) {
            scan();
        }
    }

    private void firstScan() {
        try {
            pageTable = PageTables.open(options.method(), options.detail(), proc, AgentLog::line);
        } catch (PageTableUnavailableException e) {
            stop(e.getMessage() + "; agent not started");
            return;
        } catch (Throwable t) {
            stop("could not open the page table (" + t + "); agent not started");
            return;
        }
        Thread.currentThread().setName(THREAD_NAME);
        publishers.start(this);
        try {
            long pageSize = proc.pageSize();
            mapsReader = MapsReaders.open(proc);
            scanner = new ResidencyScanner(proc, mapsReader, pageTable,
                    new RegionDiscovery(new MBeanDiagnosticCommands(), pageSize), PoolUsage::current, pageSize);
            publish(scanner.scan());
        } catch (IOException e) {
            stop("cannot read " + proc.maps() + " (" + e.getMessage() + "); agent stopped");
            return;
        } catch (Throwable t) {
            stop("first scan failed (" + t + "); agent stopped");
            return;
        }
        long interval = options.interval().toMillis();
        executor.scheduleWithFixedDelay(this::scan, interval, interval, TimeUnit.MILLISECONDS);
        if (options.print() != null) {
            print();
            long period = options.print().toMillis();
            executor.scheduleWithFixedDelay(this::print, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void scan() {
        try {
            publish(scanner.scan());
        } catch (Throwable t) {
            AgentLog.once("scan failed (" + t + "); will try again in " + options.interval().toMillis() + " ms");
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

    /** Prints a scan no older than the print period, scanning first if the latest is older. */
    private void print() {
        try {
            Residency r = fresh(options.print().minusMillis(1));
            if (r == null) {
                return;
            }
            System.err.print(ResidencyTable.format(r));
            System.err.flush();
        } catch (Throwable t) {
            AgentLog.once("cannot print the table (" + t + ")");
        }
    }

    private void stop(String message) {
        AgentLog.line(message);
        executor.shutdown();
        if (pageTable != null) {
            pageTable.close();
        }
        if (mapsReader != null) {
            mapsReader.close();
        }
    }

    /** The first task; a class rather than a lambda, so that premain bootstraps no lambda. */
    private final class FirstScan implements Runnable {
        @Override
        public void run() {
            firstScan();
        }
    }

    /** Daemon threads named {@value #STARTING_NAME}: the executor makes one. */
    private static final class DaemonThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, STARTING_NAME);
            t.setDaemon(true);
            return t;
        }
    }
}
