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
import java.io.IOException;
import java.time.Duration;

/**
 * Puts the running agent together, on its own {@link ScanThread} so the application's start-up
 * waits for none of it (linking the FFM fast path alone takes tens of milliseconds): opens the
 * page table, starts the publishers, takes the first scan, then schedules the scans and the
 * printed table. What fails here is said in one line and stops the agent.
 */
final class AgentAssembly implements Runnable {
    private final AgentOptions options;
    private final ProcFiles proc;
    private final Publishers publishers;
    private final ScanThread thread = new ScanThread();
    private final Scans scans;
    private final WriteWindow window;
    private PageTable pageTable;

    private AgentAssembly(AgentOptions options, ProcFiles proc, Publishers publishers) {
        this.options = options;
        this.proc = proc;
        this.publishers = publishers;
        this.window = new WriteWindow(proc);
        this.scans = new Scans(thread, options.interval(), window);
    }

    /**
     * Starts the agent's thread, after what {@code publishers} must do on the calling thread.
     *
     * @return the agent's thread, to tell whether the agent still runs
     */
    static ScanThread start(AgentOptions options, ProcFiles proc, Publishers publishers) {
        AgentAssembly assembly = new AgentAssembly(options, proc, publishers);
        publishers.beforeThread(assembly.scans);
        assembly.thread.execute(assembly);
        return assembly.thread;
    }

    /** The first task on the agent's thread. */
    @Override
    public void run() {
        try {
            pageTable = PageTables.open(options.method(), options.detail(), proc, AgentLog::note);
            if (options.detail() == Detail.AUTO && pageTable.detail() == Detail.BASIC) {
                AgentLog.note(DetailNote.basic(pageTable, FrameAccess.whyNotRead(proc)));
            }
        } catch (PageTableUnavailableException e) {
            stop(e.getMessage() + "; agent not started");
            return;
        } catch (Throwable t) {
            stop("could not open the page table (" + t + "); agent not started");
            return;
        }
        Thread.currentThread().setName(AgentThread.NAME);
        try {
            publishers.start(scans, thread);
            long pageSize = proc.pageSize();
            scans.open(new ResidencyScanner(proc, pageTable,
                    ProcessCategories.of(new MBeanDiagnosticCommands(), proc, pageSize), pageSize, AgentLog::note));
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

    private void stop(String message) {
        AgentLog.problem(message);
        thread.stop();
        window.close();
        if (pageTable != null) {
            pageTable.close();
        }
    }
}
