package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.jvm.MBeanDiagnosticCommands;
import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.process.ProcessCategories;
import io.github.jvmpagemap.residency.DetailNote;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.scan.Detail;
import io.github.jvmpagemap.scan.FrameAccess;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.PageTableUnavailableException;
import io.github.jvmpagemap.scan.PageTables;
import io.github.jvmpagemap.view.ResidencyTable;
import java.io.IOException;
import java.time.Duration;

/**
 * Puts the running agent together, on its own {@link ScanThread} so the application's start-up
 * waits for none of it (linking the FFM fast path alone takes tens of milliseconds): opens the
 * page table, starts the publishers, takes the first scan, then schedules the scans and the
 * printed table. What fails here is said in one line and stops the
 * agent. With {@code print=}, a last table at exit, even for a job that ended before the first scan.
 */
final class AgentAssembly implements Runnable {
    /** How long the JVM's exit waits for the last table at most. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final AgentOptions options;
    private final ProcFiles proc;
    private final Publishers publishers;
    private final ScanThread thread;
    private final Scans scans;
    private final WriteWindow window;
    private PageTable pageTable;
    /** True once the agent stopped for good: nothing more is printed, not even at exit. */
    private volatile boolean stopped;
    /** True once the JVM's exit began: the first task, if it has not run, no longer starts anything. */
    private volatile boolean exiting;

    private AgentAssembly(AgentOptions options, ProcFiles proc, Publishers publishers) {
        this.options = options;
        this.proc = proc;
        this.publishers = publishers;
        CpuBudget budget = new CpuBudget(options.maxCpu(), options.interval());
        this.thread = new ScanThread(budget);
        this.window = new WriteWindow(proc);
        this.scans = new Scans(thread, options.interval(), window, budget);
    }

    /**
     * The agent's parts, with what must be done on the calling thread: the JFR events where they
     * are registered before the agent's thread starts, the shutdown hook for {@code print=}.
     */
    static AgentAssembly create(AgentOptions options, ProcFiles proc) {
        AgentAssembly assembly = new AgentAssembly(options, proc, new Publishers(options));
        assembly.publishers.beforeThread(assembly.scans);
        if (options.printAtExit()) {
            Runtime.getRuntime().addShutdownHook(new Thread(assembly::printAtExit, AgentThread.EXIT_NAME));
        }
        return assembly;
    }

    /** Starts the agent's own thread, whose first task opens everything and takes the first scan. */
    void start() {
        thread.execute(this);
    }

    /** True once the agent has stopped. */
    boolean stopped() {
        return thread.stopped();
    }

    /** The first task on the agent's thread. */
    @Override
    public void run() {
        // The JVM may be exiting already: its hook took the last scan.
        if (exiting || !openPageTable()) {
            return;
        }
        try {
            publishers.start(scans, thread);
            openScanner();
            scans.scan();
            Residency first = scans.latest();
            if (first.regions().stream().noneMatch(row -> row.kind() == RowKind.JVM_REGION)) {
                AgentLog.problem("no JVM region could be found (" + (first.problems().isEmpty() ? "no reason given"
                        : first.problems().get(0)) + (first.problems().size() > 1 ? ", and " + (first.problems().size()
                        - 1) + " more" : "") + "); the agent scans on and reports what it finds");
            }
        } catch (IOException e) {
            stop("cannot read " + proc.maps() + " (" + IoFailure.reason(e) + "); agent stopped");
            return;
        } catch (LinkageError e) {
            // The regions are found through the JVM's management interface.
            stop("needs the java.management and jdk.management modules, which this runtime lacks ("
                    + e.getMessage() + "); agent stopped");
            return;
        } catch (Throwable t) {
            stop("first scan failed (" + t + "); agent stopped");
            return;
        }
        Duration written = options.written();
        if (written != null && window.unavailable() != null) {
            AgentLog.note("written=" + written.toMillis() + "ms: " + window.unavailable() + "; written and untracked"
                    + " show as n/a");
            written = null;
        }
        scans.schedule(written, options.writtenSample());
        if (options.print() != null) {
            TablePrinter printer = new TablePrinter(scans, options.print());
            printer.run();
            thread.every(options.print(), printer);
        }
    }

    /** Opens the page table; false, having said why and stopped, if it cannot be. */
    private boolean openPageTable() {
        try {
            pageTable = PageTables.open(options.method(), options.detail(), proc, AgentLog::note);
            if (options.detail() == Detail.AUTO && pageTable.detail() == Detail.BASIC) {
                AgentLog.note(DetailNote.basic(pageTable, FrameAccess.whyNotRead(proc)));
            }
        } catch (PageTableUnavailableException e) {
            stop(e.getMessage() + "; agent not started");
            return false;
        } catch (Throwable t) {
            stop("could not open the page table (" + t + "); agent not started");
            return false;
        }
        Thread.currentThread().setName(AgentThread.NAME);
        return true;
    }

    private void openScanner() {
        long pageSize = proc.pageSize();
        scans.open(new ResidencyScanner(proc, pageTable,
                ProcessCategories.of(new MBeanDiagnosticCommands(), proc, pageSize), pageSize, AgentLog::note));
    }

    /**
     * The JVM's shutdown hook ({@code print=}): a last scan and the table with the peaks. A job
     * that ended before the first scan gets its page table and scanner opened here, with no
     * publisher: nobody is left to read them.
     */
    private void printAtExit() {
        exiting = true;
        try {
            if (stopped) {
                return;
            }
            Residency last = scans.last(EXIT_WAIT, () -> {
                if (!stopped && (pageTable != null || openPageTable())) {
                    openScanner();
                }
            });
            if (last != null) {
                System.err.print(ResidencyTable.format(last, true));
                System.err.flush();
            }
        } catch (Throwable t) {
            AgentLog.problemOnce("cannot print the table at exit (" + t + ")");
        }
    }

    private void stop(String message) {
        stopped = true;
        AgentLog.problem(message);
        thread.stop();
        window.close();
        if (pageTable != null) {
            pageTable.close();
        }
    }
}
