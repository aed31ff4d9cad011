package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.LayoutSource;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.AnonymousSharing;
import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ResidentSet;
import io.github.jvmpagemap.proc.SmapsHugePages;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageCounts;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.WrittenPages;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One scan: read the process's mappings, refresh the layout, then count the pages of every
 * committed mapping inside each row ({@link MappingWalker}), each run cut where sub-rows begin
 * and end ({@link OwnerCut}) and handed to the scan's tally ({@link ScanTally}) and to any other
 * consumer; then read the kernel's own count of the process's resident memory to reconcile with.
 * A figure the page table cannot measure is published as {@link Figure#UNAVAILABLE}; huge pages
 * alone have a fallback, the per-mapping figures of {@code /proc/self/smaps}.
 * Not thread-safe; one scanner thread owns it.
 */
public final class ResidencyScanner {
    private final ProcFiles proc;
    private final PageTable pageTable;
    private final LayoutSource layouts;
    private final long pageSize;
    private final MemoryMaps maps = new MemoryMaps();
    private final ResidentSet residentSet;
    private final ScanTally tally;
    private final OwnerCut cut;
    private final MappingWalker walker;
    private final RowPeaks peaks = new RowPeaks();
    /**
     * The owners of the previous scan's rows, by their sub-row lists: a layout that keeps a list
     * (G1's split until its types change) keeps its sorted owners too.
     */
    private Map<List<Region>, Owners> owners = new IdentityHashMap<>();
    /** The layout the owners are of: while a scan's layout is this one, they are. */
    private RegionLayout ownersOf;
    private final ScanProblems problems = new ScanProblems();
    private final ScanRows rows = new ScanRows();
    /** What the page table measures, which never changes. */
    private final Set<Capability> tableMeasures;
    /** Huge pages per mapping, when the page table does not tell them; else null. */
    private final SmapsHugePages smaps;
    /** Null when the page table reads no more to tell sharing: then nobody asks. */
    private final AnonymousSharing sharing;
    private volatile RegionLayout layout;

    /**
     * A scanner that reads all the page table can tell of sharing, at any cost (for tests and
     * benchmarks that compare with it).
     */
    public ResidencyScanner(ProcFiles proc, PageTable pageTable, LayoutSource layouts, long pageSize) {
        this(proc, pageTable, layouts, pageSize, null);
    }

    /**
     * A scanner as the agent runs it: with {@code detail=auto} as root it weighs the cost of
     * reading the sharing of the process's mapped files against the rest of the scan, and leaves
     * it unread where that exceeds auto's target ({@link SharingBudget}), saying so to {@code notes}.
     *
     * @param pageTable how pages are read; owned by the caller
     * @param notes where that decision is said, in one line; null to read sharing at any cost
     */
    public ResidencyScanner(ProcFiles proc, PageTable pageTable, LayoutSource layouts, long pageSize,
            Consumer<String> notes) {
        this.proc = proc;
        this.pageTable = pageTable;
        this.layouts = layouts;
        this.pageSize = pageSize;
        this.residentSet = new ResidentSet(proc.status());
        this.tally = new ScanTally(pageSize);
        this.cut = new OwnerCut(tally);
        this.smaps = pageTable.measures(Capability.HUGE_PAGES) ? null : new SmapsHugePages();
        this.sharing = pageTable.readsMoreForSharing() ? new AnonymousSharing(proc) : null;
        // Weighed only where frames are read for sharing alone: auto's full, not an explicit one.
        boolean weighs = notes != null && pageTable.measures(Capability.MAP_COUNTS)
                && !pageTable.measures(Capability.LARGE_FOLIOS);
        this.walker = new MappingWalker(pageTable, cut, new SharingBudget(weighs, pageTable.sharingCost(), notes));
        Set<Capability> measures = EnumSet.noneOf(Capability.class);
        for (Capability capability : Capability.values()) {
            if (pageTable.measures(capability)) {
                measures.add(capability);
            }
        }
        this.tableMeasures = Collections.unmodifiableSet(measures);
    }

    /** The page table the scans read: how they read it and what it tells, for the record. */
    public PageTable pageTable() {
        return pageTable;
    }

    /**
     * From the next scan on, each row's peak ({@link Figure#PEAK_RESIDENT}) starts again from
     * that scan's resident, and the process's VmHWM starts again from its VmRSS now. Any thread.
     *
     * @throws IOException if VmHWM cannot be reset (the rows' peaks are reset all the same)
     */
    public void resetPeaks() throws IOException {
        peaks.reset();
        ResidentSet.resetPeak(proc.clearRefs());
    }

    /** The layout of the latest scan, or null before the first. */
    public RegionLayout layout() {
        return layout;
    }

    /** @throws IOException if the memory maps cannot be read: then nothing can be attributed */
    public Residency scan() throws IOException {
        return scan(null);
    }

    /**
     * A scan whose one walk of the page tables also hands every committed range and run to
     * {@code extra} (a snapshot writer, say), with this scan's layout and maps.
     *
     * @param extra another consumer of the walk, or null
     * @throws IOException if the memory maps cannot be read: then nothing can be attributed
     */
    public Residency scan(RunConsumer extra) throws IOException {
        return scan(extra, null);
    }

    /**
     * A scan that also tells, for each row, what {@code window} saw written (the written and
     * untracked figures), and how long the window lasted.
     *
     * @param extra another consumer of the walk, or null
     * @param window what a write window read just before, or null for a scan without one
     * @throws IOException if the memory maps cannot be read: then nothing can be attributed
     */
    public Residency scan(RunConsumer extra, WrittenPages window) throws IOException {
        return scan(extra, window, -1);
    }

    /**
     * As {@link #scan(RunConsumer, WrittenPages)}, published with the background scans' period
     * then ({@link Residency#effectiveIntervalNanos}), so that the scan is made once.
     */
    public Residency scan(RunConsumer extra, WrittenPages window, long effectiveIntervalNanos) throws IOException {
        try {
            return scanOnce(extra, window, effectiveIntervalNanos);
        } finally {
            pageTable.release();
        }
    }

    private Residency scanOnce(RunConsumer extra, WrittenPages window, long effectiveIntervalNanos)
            throws IOException {
        Instant time = Instant.now();
        long started = System.nanoTime();
        walker.scanStarts();
        peaks.scanStarts();
        maps.read(proc.maps());
        if (maps.count() == 0) {
            throw IoFailure.shortRead(proc.maps().toString(), "nothing can be attributed");
        }
        RegionLayout layout = layouts.refresh(maps);
        this.layout = layout;
        boolean anonymousSharing = sharing == null || sharing.possible(started);
        problems.start(layout.problems());
        Set<Capability> measured = measured(layout, window);
        rows.start();
        long extraViewPages = 0;
        long examined = 0;
        if (layout != ownersOf) {
            Map<List<Region>, Owners> kept = new IdentityHashMap<>();
            for (Region region : layout.regions()) {
                Owners regionOwners = owners.get(region.subRegions());
                kept.put(region.subRegions(), regionOwners != null ? regionOwners : Owners.of(region));
            }
            owners = kept;
            ownersOf = layout;
        }
        for (int r = 0; r < layout.regions().size(); r++) {
            Region region = layout.regions().get(r);
            RegionTally regionTally = tally.startRegion(region);
            cut.region(region, owners.get(region.subRegions()), extra);
            if (walker.walk(region, maps, anonymousSharing) == 0 && region.reportedByJvm()
                    && !region.ranges().isEmpty()) {
                problems.notMapped(region, proc.maps());
            }
            PageCounts total = regionTally.total();
            regionTally.rows(total, measured, peaks, rows);
            extraViewPages += total.extraViewPresent();
            examined += total.examined();
            problems.unreadable(region, total, measured);
        }
        ResidentSet.Figures process = residentSet.read();
        if (process.vmRss() < 0) {
            problems.residentSetUnreadable(proc.status());
        }
        long duration = System.nanoTime() - started;
        walker.scanEnds(duration);
        return new Residency(time, duration, pageTable.method(), pageTable.detail(), layout.collector().toString(),
                rows.list(), process.vmRss(), Math.max(0, process.hugetlb()), extraViewPages * pageSize,
                examined, problems.lines(), layout.discoveries(), tally.largestStackGroups(),
                window == null ? -1 : window.windowNanos(), process.vmHwm(), effectiveIntervalNanos);
    }

    /**
     * What this scan measures: what the page table tells, and huge pages from smaps where it does
     * not (read now; large folios need it too, as they are the frames' THP pages less smaps'
     * PMD-mapped ones).
     */
    private Set<Capability> measured(RegionLayout layout, WrittenPages window) {
        if (window == null && smaps == null) {
            tally.startScan(layout, null, null);
            return tableMeasures;
        }
        Set<Capability> measured = EnumSet.noneOf(Capability.class);
        measured.addAll(tableMeasures);
        if (window != null) {
            measured.add(Capability.WRITTEN_PAGES);
        }
        if (smaps == null) {
            tally.startScan(layout, null, window);
            return measured;
        }
        try {
            smaps.read(proc.smaps());
            tally.startScan(layout, smaps, window);
            measured.add(Capability.HUGE_PAGES);
        } catch (IOException e) {
            tally.startScan(layout, null, window);
            problems.smapsUnreadable(proc.smaps(), e, measured.remove(Capability.LARGE_FOLIOS));
        }
        return measured;
    }
}
