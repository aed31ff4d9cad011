package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.proc.AnonymousSharing;
import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.proc.MapsReader;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcessStatm;
import io.github.jvmpagemap.proc.SmapsHugePages;
import io.github.jvmpagemap.region.AddressRange;
import io.github.jvmpagemap.region.LayoutSource;
import io.github.jvmpagemap.region.PoolUsage;
import io.github.jvmpagemap.region.ProcessCategories;
import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionLayout;
import io.github.jvmpagemap.region.RowKind;
import io.github.jvmpagemap.region.StackGroups;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageCounts;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.RunState;
import io.github.jvmpagemap.scan.Sharing;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One scan: read the maps, refresh the layout if the JVM says it moved, then count the pages
 * of every committed mapping inside each region. After the first scan only the mappings inside
 * the latest layout's regions are read (where the {@link MapsReader} can ask for them), and
 * again for the new layout's if it reaches further; ZGC's heap, found in the maps, needs them all.
 * Each committed mapping inside a region is walked once; its runs are cut where sub-regions
 * begin and end ({@link OwnerCut}) and handed to the scan's tally and to any other consumer.
 * A figure the page table cannot measure is published as {@link Figure#UNAVAILABLE};
 * huge pages alone have a fallback, the per-mapping figures of {@code /proc/self/smaps}.
 * Not thread-safe; one scanner thread owns it.
 */
public final class ResidencyScanner {
    private final ProcFiles proc;
    private final MapsReader mapsReader;
    private final PageTable pageTable;
    private final LayoutSource discovery;
    private final Supplier<PoolUsage> pools;
    private final long pageSize;
    private final MemoryMaps maps = new MemoryMaps();
    private final LayoutWindows read = new LayoutWindows();
    private final LayoutWindows needed = new LayoutWindows();
    private final Tally tally = new Tally();
    private final OwnerCut cut = new OwnerCut(tally);
    /**
     * The owners of the previous scan's regions, by their sub-region lists: a layout that keeps a
     * list (G1's split until its types change) keeps its sorted owners too.
     */
    private Map<List<Region>, Owners> owners = new IdentityHashMap<>();
    /** Huge pages per mapping, when the page table does not tell them; else null. */
    private final SmapsHugePages smaps;
    private boolean smapsRead;
    /** Null when the page table reads no more to tell sharing: then nobody asks. */
    private final AnonymousSharing sharing;
    /** This scan's answer: can private anonymous memory be shared right now (a child, KSM)? */
    private boolean anonymousSharing = true;
    /** Whether auto keeps reading the sharing of mapped files outside the JVM's regions. */
    private final SharingBudget budget;
    /** While this scan is measured for {@link #budget}: the nanoseconds of reads for sharing of those files. */
    private boolean timing;
    private long mappedFileReadNanos;
    private volatile RegionLayout layout;

    /**
     * A scanner that reads all the page table can tell of sharing, at any cost (for tests and
     * benchmarks that compare with it).
     *
     * @param mapsReader how the mappings are read; owned by the caller, like the page table
     */
    public ResidencyScanner(ProcFiles proc, MapsReader mapsReader, PageTable pageTable, LayoutSource discovery,
            Supplier<PoolUsage> pools, long pageSize) {
        this(proc, mapsReader, pageTable, discovery, pools, pageSize, null);
    }

    /**
     * A scanner as the agent runs it: with {@code detail=auto} as root it weighs the cost of
     * reading the sharing of the process's mapped files against the rest of the scan, and leaves
     * it unread where that exceeds auto's target ({@link SharingBudget}), saying so to {@code notes}.
     *
     * @param mapsReader how the mappings are read; owned by the caller, like the page table
     * @param notes where that decision is said, in one line; null to read sharing at any cost
     */
    public ResidencyScanner(ProcFiles proc, MapsReader mapsReader, PageTable pageTable, LayoutSource discovery,
            Supplier<PoolUsage> pools, long pageSize, Consumer<String> notes) {
        this.proc = proc;
        this.mapsReader = mapsReader;
        this.pageTable = pageTable;
        this.discovery = discovery;
        this.pools = pools;
        this.pageSize = pageSize;
        this.smaps = pageTable.measures(Capability.HUGE_PAGES) ? null : new SmapsHugePages();
        this.sharing = pageTable.readsMoreForSharing() ? new AnonymousSharing(proc) : null;
        // Weighed only where frames are read for sharing alone: auto's full, not an explicit one.
        boolean weighs = notes != null && pageTable.measures(Capability.MAP_COUNTS)
                && !pageTable.measures(Capability.LARGE_FOLIOS);
        this.budget = new SharingBudget(weighs, notes);
    }

    /** The page table the scans read: how they read it and what it tells, for the record. */
    public PageTable pageTable() {
        return pageTable;
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
        try {
            return scanOnce(extra);
        } finally {
            pageTable.release();
        }
    }

    private Residency scanOnce(RunConsumer extra) throws IOException {
        Instant time = Instant.now();
        long started = System.nanoTime();
        timing = budget.measuring();
        mappedFileReadNanos = 0;
        if (timing) {
            pageTable.timeSharingReads(true);
        }
        long readsBefore = pageTable.sharingReadNanos();
        long workBefore = pageTable.sharingWorkNanos();
        RegionLayout layout = readMapsAndLayout();
        anonymousSharing = sharing == null || sharing.possible();
        if (maps.count() == 0) {
            throw IoFailure.shortRead(proc.maps().toString(), "nothing can be attributed");
        }
        this.layout = layout;
        List<String> problems = new ArrayList<>(layout.problems());
        Set<Capability> measured = EnumSet.noneOf(Capability.class);
        for (Capability capability : Capability.values()) {
            if (pageTable.measures(capability)) {
                measured.add(capability);
            }
        }
        if (smaps != null) {
            try {
                smaps.read(proc.smaps());
                smapsRead = true;
                measured.add(Capability.HUGE_PAGES);
            } catch (IOException e) {
                smapsRead = false;
                // Large folios are the frames' THP pages less smaps' PMD-mapped ones: without smaps, not known either.
                boolean folios = measured.remove(Capability.LARGE_FOLIOS);
                problems.add((folios ? "hugePage and largeFolio: " : "hugePage: ") + proc.smaps() + " could not be read ("
                        + IoFailure.reason(e) + ")");
            }
        }
        List<RegionResidency> rows = new ArrayList<>();
        long extraViewPages = 0;
        long examined = 0;
        Map<List<Region>, Owners> previousOwners = owners;
        owners = new IdentityHashMap<>();
        StackGroups groups = layout.stackGroups();
        tally.startGroups(groups);
        for (Region region : layout.regions()) {
            RegionTally regionTally = new RegionTally(region);
            tally.current = regionTally;
            tally.inStacks = region.name().equals(ProcessCategories.THREAD_STACKS);
            Owners regionOwners = previousOwners.get(region.subRegions());
            if (regionOwners == null) {
                regionOwners = Owners.of(region);
            }
            owners.put(region.subRegions(), regionOwners);
            cut.region(region, regionOwners, extra);
            if (walk(region) == 0 && region.kind() == RowKind.JVM_REGION) {
                problems.add(region.name() + ": no mapping in " + proc.maps() + " covers what the JVM reserved for it"
                        + " (a short read of the maps?); its figures read 0");
            }
            PageCounts total = regionTally.total();
            rows.add(regionTally.row(region, null, total, regionTally.totalCommitted(), measured));
            for (int s = 0; s < region.subRegions().size(); s++) {
                rows.add(regionTally.row(region.subRegions().get(s), region, regionTally.sub(s),
                        regionTally.subCommitted(s), measured));
            }
            extraViewPages += total.extraViewPresent();
            examined += total.examined();
            if (total.unreadable() > 0) {
                problems.add(region.name() + ": " + total.unreadable() + " pages unreadable: " + total.firstError());
            }
            if (total.framesUnreadable() > 0) {
                problems.add(region.name() + ": frames of " + total.framesUnreadable()
                        + " pages unreadable, " + (measured.contains(Capability.LARGE_FOLIOS)
                                ? "zeroPage, shared, proportional and largeFolio" : "zeroPage, shared and proportional")
                        + " are short by them: "
                        + total.firstError());
            }
        }
        long rss = ProcessStatm.residentBytes(proc.statm(), pageSize);
        if (rss < 0) {
            problems.add("VmRSS: " + proc.statm() + " could not be read");
        }
        long duration = System.nanoTime() - started;
        if (timing) {
            pageTable.timeSharingReads(false);
        }
        budget.scanned(duration, pageTable.sharingWorkNanos() - workBefore, pageTable.sharingReadNanos() - readsBefore,
                mappedFileReadNanos);
        return new Residency(time, duration, pageTable.method(), pageTable.detail(),
                layout.collector().toString(),
                List.copyOf(rows), rss, extraViewPages * pageSize, examined, List.copyOf(problems),
                layout.discoveries(), tally.largestGroups(groups));
    }

    /**
     * Walks the committed part of {@code region}: each accessible mapping inside its reserved
     * ranges, once, whatever sub-regions it crosses.
     *
     * @return how many mappings, accessible or not, overlap the region: none means the maps
     *     read did not show what the JVM reserved
     */
    private int walk(Region region) {
        long[] views = region.views();
        int overlapping = 0;
        for (AddressRange range : region.ranges()) {
            for (int i = maps.firstEndingAfter(range.start());
                    i < maps.count() && Long.compareUnsigned(maps.start(i), range.end()) < 0; i++) {
                overlapping++;
                if (maps.accessible(i)) {
                    long start = Math.max(range.start(), maps.start(i));
                    long end = Math.min(range.end(), maps.end(i));
                    if (start < end) {
                        cut.committed(start, end);
                        walk(region, i, start, end, views);
                    }
                }
            }
        }
        return overlapping;
    }

    /**
     * Walks [start, end) of mapping {@code i}, spending on sharing what can change the answer:
     * private anonymous memory is read only while a child or KSM may share it; mapped files and
     * shared memory outside the JVM's regions while {@link #budget} allows; the JVM's regions and
     * the kernel's few pages ({@code [vdso]}, {@code [vvar]}) always.
     */
    private void walk(Region region, int i, long start, long end, long[] views) {
        if (maps.privateAnonymous(i)) {
            pageTable.walk(start, end, views, anonymousSharing ? Sharing.READ : Sharing.IMPOSSIBLE, cut);
        } else if (region.kind() == RowKind.JVM_REGION || maps.kind(i) == MemoryMaps.PSEUDO) {
            pageTable.walk(start, end, views, Sharing.READ, cut);
        } else if (!timing) {
            pageTable.walk(start, end, views, budget.readsMappedFiles() ? Sharing.READ : Sharing.UNREAD, cut);
        } else {
            long before = pageTable.sharingReadNanos();
            pageTable.walk(start, end, views, Sharing.READ, cut);
            mappedFileReadNanos += pageTable.sharingReadNanos() - before;
        }
    }

    /**
     * Reads the mappings inside the previous layout's regions (all of them the first time, or
     * for a layout found in the maps), refreshes the layout, and reads again if the new layout
     * reaches beyond what was read.
     */
    private RegionLayout readMapsAndLayout() throws IOException {
        RegionLayout previous = layout;
        boolean whole = previous == null || previous.foundInMaps();
        if (whole) {
            mapsReader.readAll(maps);
        } else {
            read.of(previous);
            mapsReader.readWithin(maps, read.starts(), read.ends(), read.count());
        }
        PoolUsage usage = pools.get();
        RegionLayout refreshed = discovery.refresh(maps, usage);
        if (!whole) {
            if (refreshed.foundInMaps()) {
                mapsReader.readAll(maps);
                refreshed = discovery.refresh(maps, usage);
            } else {
                needed.of(refreshed);
                if (!read.cover(needed)) {
                    mapsReader.readWithin(maps, needed.starts(), needed.ends(), needed.count());
                }
            }
        }
        return refreshed;
    }

    /** The scan's own consumer of the walk: the figures of the region being walked. */
    private final class Tally implements RunConsumer {
        RegionTally current;
        /** True while the thread stacks are walked: their runs are counted by group too. */
        boolean inStacks;
        private long[] groupPresent = new long[0];
        private long[] groupSwapped = new long[0];
        private StackGroups groups = StackGroups.NONE;

        void startGroups(StackGroups groups) {
            this.groups = groups;
            if (groupPresent.length < groups.count()) {
                groupPresent = new long[groups.count()];
                groupSwapped = new long[groups.count()];
            }
            java.util.Arrays.fill(groupPresent, 0);
            java.util.Arrays.fill(groupSwapped, 0);
        }

        List<ThreadStackGroup> largestGroups(StackGroups groups) {
            List<ThreadStackGroup> all = new ArrayList<>(groups.count());
            for (int g = 0; g < groups.count(); g++) {
                all.add(new ThreadStackGroup(groups.name(g), groups.threads(g), groupPresent[g] * pageSize,
                        groupSwapped[g] * pageSize));
            }
            all.sort(java.util.Comparator.comparingLong(ThreadStackGroup::residentBytes).reversed()
                    .thenComparing(ThreadStackGroup::group));
            return List.copyOf(all.subList(0, Math.min(all.size(), ThreadStackGroup.LARGEST)));
        }

        @Override
        public void committed(Region region, int sub, long from, long to) {
            current.committed[sub + 1] += to - from;
            if (smapsRead) {
                current.counts[sub + 1].addHugeBytes(smaps.hugeBytes(from, to), smaps.pmdMappedBytes(from, to));
            }
        }

        @Override
        public void run(Region region, int sub, long from, long to, long state) {
            current.counts[sub + 1].run(from, to, state);
            if (inStacks) {
                int g = groups.groupAt(from);
                if (g >= 0 && !RunState.is(state, RunState.UNREADABLE)) {
                    if (RunState.is(state, RunState.PRESENT)) {
                        groupPresent[g] += (to - from) / pageSize;
                    } else if (RunState.is(state, RunState.SWAPPED)) {
                        groupSwapped[g] += (to - from) / pageSize;
                    }
                }
            }
        }

        @Override
        public void error(Region region, String message) {
            current.counts[0].error(message);
        }
    }

    /**
     * One region's counts during a scan, by owner: index 0 for pages no sub-region owns, s + 1
     * for sub-region s. Each run is counted once, for its owner; the region's total is their sum.
     */
    private final class RegionTally {
        final PageCounts[] counts;
        final long[] committed;

        RegionTally(Region region) {
            counts = new PageCounts[region.subRegions().size() + 1];
            committed = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new PageCounts(pageSize);
            }
        }

        PageCounts sub(int s) {
            return counts[s + 1];
        }

        long subCommitted(int s) {
            return committed[s + 1];
        }

        PageCounts total() {
            PageCounts total = new PageCounts(pageSize);
            for (PageCounts owner : counts) {
                total.add(owner);
            }
            return total;
        }

        long totalCommitted() {
            long sum = 0;
            for (long c : committed) {
                sum += c;
            }
            return sum;
        }

        /** The row of {@code r}, a sub-region of {@code parent} or (parent null) a top-level row. */
        RegionResidency row(Region r, Region parent, PageCounts counts, long committedBytes, Set<Capability> measured) {
            long[] values = new long[Figure.values().length];
            for (Figure figure : Figure.MEASURED) {
                values[figure.ordinal()] = figure.needs() != null && !measured.contains(figure.needs())
                        || unread(figure, counts) ? Figure.UNAVAILABLE : measure(figure, r, counts, committedBytes);
            }
            Region top = parent == null ? r : parent;
            return new RegionResidency(top.name(), parent == null ? null : r.name(), top.kind(), values);
        }

        /** True if the row has pages whose sharing or map count were left unread, which this figure needs. */
        private boolean unread(Figure figure, PageCounts counts) {
            return figure == Figure.SHARED && counts.sharingUnread() > 0
                    || figure == Figure.PROPORTIONAL && counts.mapCountUnread() > 0;
        }

        private long measure(Figure figure, Region r, PageCounts counts, long committedBytes) {
            return switch (figure) {
                case START -> r.start();
                case END -> r.end();
                case RESERVED -> r.reservedBytes();
                case COMMITTED -> committedBytes;
                case RESIDENT -> counts.present() * pageSize;
                case SWAPPED -> counts.swapped() * pageSize;
                case HUGE_PAGE -> counts.huge() * pageSize;
                case LARGE_FOLIO -> counts.largeFolio() * pageSize;
                case ZERO_PAGE -> counts.zero() * pageSize;
                case SHARED -> counts.shared() * pageSize;
                case PROPORTIONAL -> Math.round(counts.proportional() * pageSize);
                case UNREADABLE -> counts.unreadable() * pageSize;
                case RESIDENT_PERCENT -> throw new IllegalArgumentException("a ratio is not measured: " + figure);
            };
        }
    }
}
