package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.proc.MapsReader;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcessStatm;
import io.github.jvmpagemap.proc.SmapsHugePages;
import io.github.jvmpagemap.region.PoolUsage;
import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionDiscovery;
import io.github.jvmpagemap.region.RegionLayout;
import io.github.jvmpagemap.scan.PageCounts;
import io.github.jvmpagemap.scan.PageTable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One scan: read the maps, refresh the layout if the JVM says it moved, then count the pages
 * of every committed mapping inside each region. After the first scan only the mappings inside
 * the latest layout's regions are read (where the {@link MapsReader} can ask for them), and
 * again for the new layout's if it reaches further; ZGC's heap, found in the maps, needs them all. Each page is read once: a mapping is cut at
 * sub-region boundaries and each piece is added to its region and to the sub-region owning it.
 * A figure the page table cannot measure is published as {@link RegionResidency#UNAVAILABLE};
 * huge pages alone have a fallback, the per-mapping figures of {@code /proc/self/smaps}.
 * Not thread-safe; one scanner thread owns it.
 */
public final class ResidencyScanner {
    private final ProcFiles proc;
    private final MapsReader mapsReader;
    private final PageTable pageTable;
    private final RegionDiscovery discovery;
    private final Supplier<PoolUsage> pools;
    private final long pageSize;
    private final MemoryMaps maps = new MemoryMaps();
    private final LayoutWindows read = new LayoutWindows();
    private final LayoutWindows needed = new LayoutWindows();
    private final PageCounts piece = new PageCounts();
    /** Huge pages per mapping, when the page table does not tell them; else null. */
    private final SmapsHugePages smaps;
    private boolean smapsRead;
    private volatile RegionLayout layout;

    /**
     * @param mapsReader how the mappings are read; owned by the caller, like the page table
     */
    public ResidencyScanner(ProcFiles proc, MapsReader mapsReader, PageTable pageTable, RegionDiscovery discovery,
            Supplier<PoolUsage> pools, long pageSize) {
        this.proc = proc;
        this.mapsReader = mapsReader;
        this.pageTable = pageTable;
        this.discovery = discovery;
        this.pools = pools;
        this.pageSize = pageSize;
        this.smaps = pageTable.countsHugePages() ? null : new SmapsHugePages();
    }

    /**
     * The memory maps the latest scan read, at least every mapping inside its layout's regions:
     * reused by the next scan, so valid only on the scanner's thread until then.
     */
    public MemoryMaps maps() {
        return maps;
    }

    /** The layout of the latest scan, or null before the first. */
    public RegionLayout layout() {
        return layout;
    }

    /** @throws IOException if the memory maps cannot be read: then nothing can be attributed */
    public Residency scan() throws IOException {
        Instant time = Instant.now();
        long started = System.nanoTime();
        RegionLayout layout = readMapsAndLayout();
        this.layout = layout;
        List<String> problems = new ArrayList<>(layout.problems());
        if (smaps != null) {
            try {
                smaps.read(proc.smaps());
                smapsRead = true;
            } catch (IOException e) {
                smapsRead = false;
                problems.add("hugePage: " + proc.smaps() + " could not be read (" + e.getMessage() + ")");
            }
        }
        List<RegionResidency> rows = new ArrayList<>();
        long extraViewPages = 0;
        long examined = 0;
        for (Region region : layout.regions()) {
            RegionTally tally = new RegionTally(region);
            RegionPieces.forEach(region, maps, tally);
            rows.add(tally.row(region, null, tally.total, tally.committed));
            for (int s = 0; s < region.subRegions().size(); s++) {
                rows.add(tally.row(region.subRegions().get(s), region.name(), tally.sub[s], tally.subCommitted[s]));
            }
            extraViewPages += tally.total.extraViewPresent();
            examined += tally.total.examined();
            if (tally.total.unreadable() > 0) {
                problems.add(region.name() + ": " + tally.total.unreadable() + " pages unreadable: "
                        + tally.total.firstError());
            }
            if (tally.total.framesUnreadable() > 0) {
                problems.add(region.name() + ": frames of " + tally.total.framesUnreadable()
                        + " pages unreadable, hugePage, zeroPage, shared and proportional are short by them: "
                        + tally.total.firstError());
            }
        }
        long rss = ProcessStatm.residentBytes(proc.statm(), pageSize);
        if (rss < 0) {
            problems.add("VmRSS: " + proc.statm() + " could not be read");
        }
        return new Residency(time, System.nanoTime() - started, pageTable.method(), pageTable.detail(),
                layout.collector().toString(),
                List.copyOf(rows), rss, extraViewPages * pageSize, examined, List.copyOf(problems),
                layout.discoveries());
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

    /** Counts one piece of a region; called by {@link RegionPieces} once per piece. */
    private void countPiece(RegionTally tally, int owner, long start, long end) {
        piece.clear();
        pageTable.count(start, end, tally.views, piece);
        if (smapsRead) {
            piece.addHugeBytes(smaps.hugeBytes(start, end), pageSize);
        }
        tally.total.add(piece);
        tally.committed += end - start;
        if (owner >= 0) {
            tally.sub[owner].add(piece);
            tally.subCommitted[owner] += end - start;
        }
    }

    private final class RegionTally implements RegionPieces.Visitor {
        final long[] views;
        final PageCounts total = new PageCounts();
        final PageCounts[] sub;
        final long[] subCommitted;
        long committed;

        RegionTally(Region region) {
            views = region.views();
            sub = new PageCounts[region.subRegions().size()];
            subCommitted = new long[sub.length];
            for (int s = 0; s < sub.length; s++) {
                sub[s] = new PageCounts();
            }
        }

        @Override
        public void piece(Region region, int owner, long start, long end) {
            countPiece(this, owner, start, end);
        }

        RegionResidency row(Region r, String parent, PageCounts counts, long committedBytes) {
            String regionName = parent == null ? r.name() : parent;
            String subName = parent == null ? null : r.name();
            return new RegionResidency(regionName, subName, r.start(), r.end(), r.reservedBytes(), committedBytes,
                    counts.present() * pageSize, counts.swapped() * pageSize,
                    pageTable.countsHugePages() || smapsRead ? counts.huge() * pageSize : RegionResidency.UNAVAILABLE,
                    pageTable.countsZeroPages() ? counts.zero() * pageSize : RegionResidency.UNAVAILABLE,
                    pageTable.countsSharing() ? counts.shared() * pageSize : RegionResidency.UNAVAILABLE,
                    pageTable.countsSharing() ? Math.round(counts.proportional() * pageSize)
                            : RegionResidency.UNAVAILABLE,
                    counts.unreadable() * pageSize);
        }
    }
}
