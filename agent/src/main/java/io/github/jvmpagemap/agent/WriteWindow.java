package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.scan.WriteTracker;
import io.github.jvmpagemap.scan.WriteTracking;
import io.github.jvmpagemap.scan.WriteTrackingUnavailableException;
import io.github.jvmpagemap.scan.WrittenPages;
import java.io.IOException;
import java.time.Duration;

/**
 * The agent's write windows, on its own thread alone: at most one open at a time, with one
 * registration per range. A window is asked for with a length; asking again while one is open
 * re-arms it: the window starts again now and lasts the length asked last. No scan walks
 * the page tables while a window runs (armed memory reads differently, see {@link #takeForScan}):
 * asked for one then, the agent answers with its latest scan. The scan at the window's end reads
 * it, ends it, then walks. Nothing stays registered after the window, after the agent stops, or
 * after the process dies (the kernel closes the descriptor).
 */
final class WriteWindow {
    private final ProcFiles proc;
    private final MemoryMaps maps = new MemoryMaps();
    private final WrittenPages pages = new WrittenPages();
    private WriteTracker tracker;
    /** Why written pages cannot be measured here, once known; null while they can. */
    private String unavailable;
    /** When the open window is due to end (System.nanoTime). */
    private long endsAt;

    WriteWindow(ProcFiles proc) {
        this.proc = proc;
    }

    /** Why written pages cannot be measured in this process, or null if they can: opens the tracker to know. */
    String unavailable() {
        if (tracker == null && unavailable == null) {
            try {
                tracker = WriteTracking.open(proc);
            } catch (WriteTrackingUnavailableException e) {
                unavailable = e.getMessage();
            } catch (Throwable t) {
                unavailable = "written-page tracking could not be set up (" + t + ")";
            }
        }
        return unavailable;
    }

    /**
     * Opens a window of {@code length}, or re-arms the open one (keeping its registrations) so that
     * it starts again now and lasts that long; watching one block of pages in {@code sampleEvery}
     * (1: every page).
     *
     * @throws IOException naming why no window could be armed; then none is open
     */
    void arm(Duration length, int sampleEvery) throws IOException {
        String why = unavailable();
        if (why != null) {
            throw new IOException(why);
        }
        maps.read(proc.maps());
        tracker.arm(maps, sampleEvery);
        // From the end of the arming, as the scan that reads the window is scheduled.
        endsAt = System.nanoTime() + length.toNanos();
    }

    /**
     * For a scan: what the open window saw, read and then ended, or null if none is open. The
     * window ends before the scan walks the page tables: while memory is armed, the kernel keeps
     * write-protect markers in empty page-table entries, which read as swapped. A read that fails
     * is said once; the scan then goes on without written figures.
     */
    WrittenPages takeForScan() {
        if (tracker == null || !tracker.armed()) {
            return null;
        }
        try {
            tracker.read(pages);
            return pages;
        } catch (IOException | RuntimeException e) {
            AgentLog.problemOnce("the write window could not be read (" + e.getMessage() + "); this scan has no"
                    + " written figures");
            return null;
        } finally {
            tracker.end();
        }
    }

    /** True while a window is open and not yet due to end: scans then wait for it. */
    boolean running() {
        return open() && System.nanoTime() - endsAt < 0;
    }

    /** True while a window is open. */
    boolean open() {
        return tracker != null && tracker.armed();
    }

    /** Ends the open window, if any, unread. */
    void end() {
        if (tracker != null) {
            tracker.end();
        }
    }

    /** Ends any window and releases the tracker. */
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }
}
