package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.region.MBeanDiagnosticCommands;
import io.github.jvmpagemap.region.PoolUsage;
import io.github.jvmpagemap.region.RegionDiscovery;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.residency.ResidencyTable;
import io.github.jvmpagemap.scan.PageTable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one background thread: discovers the layout, scans every {@code interval} and
 * prints the table every {@code print} period. Everything runs on this daemon thread, so the
 * application's start-up does not wait for discovery or the first scan, and scans never
 * overlap. Nothing thrown here reaches the application.
 */
final class ScanLoop {
    static final String THREAD_NAME = "jvm-pagemap scanner";

    private final AgentOptions options;
    private final ProcFiles proc;
    private final PageTable pageTable;
    private final ScheduledExecutorService executor;
    private ResidencyScanner scanner;
    private volatile Residency latest;

    private ScanLoop(AgentOptions options, ProcFiles proc, PageTable pageTable) {
        this.options = options;
        this.proc = proc;
        this.pageTable = pageTable;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    static ScanLoop start(AgentOptions options, ProcFiles proc, PageTable pageTable) {
        ScanLoop loop = new ScanLoop(options, proc, pageTable);
        loop.executor.execute(loop::firstScan);
        return loop;
    }

    /** The latest scan, or null before the first one completes. */
    Residency latest() {
        return latest;
    }

    private void firstScan() {
        try {
            long pageSize = proc.pageSize();
            scanner = new ResidencyScanner(proc, pageTable,
                    new RegionDiscovery(new MBeanDiagnosticCommands(), pageSize), PoolUsage::current, pageSize);
            latest = scanner.scan();
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
            latest = scanner.scan();
        } catch (Throwable t) {
            AgentLog.once("scan failed (" + t + "); will try again in " + options.interval().toMillis() + " ms");
        }
    }

    /** Prints a scan no older than the print period, scanning first if the latest is older. */
    private void print() {
        try {
            Residency r = latest;
            if (r == null || Duration.between(r.time(), java.time.Instant.now()).compareTo(options.print()) >= 0) {
                scan();
                r = latest;
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
        pageTable.close();
    }
}
