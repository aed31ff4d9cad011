package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcessStatus;
import io.github.jvmpagemap.region.AddressRange;
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
 * of every committed mapping inside each region. Each page is read once: a mapping is cut at
 * sub-region boundaries and each piece is added to its region and to the sub-region owning it.
 * Not thread-safe; one scanner thread owns it.
 */
public final class ResidencyScanner {
    private final ProcFiles proc;
    private final PageTable pageTable;
    private final RegionDiscovery discovery;
    private final Supplier<PoolUsage> pools;
    private final long pageSize;
    private final MemoryMaps maps = new MemoryMaps();
    private final PageCounts piece = new PageCounts();

    public ResidencyScanner(ProcFiles proc, PageTable pageTable, RegionDiscovery discovery,
            Supplier<PoolUsage> pools, long pageSize) {
        this.proc = proc;
        this.pageTable = pageTable;
        this.discovery = discovery;
        this.pools = pools;
        this.pageSize = pageSize;
    }

    /** @throws IOException if the memory maps cannot be read: then nothing can be attributed */
    public Residency scan() throws IOException {
        Instant time = Instant.now();
        long started = System.nanoTime();
        maps.read(proc.maps());
        RegionLayout layout = discovery.refresh(maps, pools.get());
        List<RegionResidency> rows = new ArrayList<>();
        long extraViewPages = 0;
        long examined = 0;
        List<String> problems = new ArrayList<>(layout.problems());
        for (Region region : layout.regions()) {
            RegionTally tally = new RegionTally(region);
            for (AddressRange range : region.ranges()) {
                countCommitted(range, region, tally);
            }
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
        }
        long rss = ProcessStatus.residentBytes(proc.status());
        if (rss < 0) {
            problems.add("VmRSS: " + proc.status() + " could not be read");
        }
        return new Residency(time, System.nanoTime() - started, pageTable.method(), layout.collector().toString(),
                List.copyOf(rows), rss, extraViewPages * pageSize, examined, List.copyOf(problems),
                layout.discoveries());
    }

    private void countCommitted(AddressRange range, Region region, RegionTally tally) {
        for (int i = maps.firstEndingAfter(range.start()); i < maps.count() && maps.start(i) < range.end(); i++) {
            if (maps.accessible(i)) {
                long start = Math.max(range.start(), maps.start(i));
                long end = Math.min(range.end(), maps.end(i));
                if (start < end) {
                    countPiece(start, end, region, tally);
                }
            }
        }
    }

    /** Counts [start, end), cut where sub-regions begin and end. */
    private void countPiece(long start, long end, Region region, RegionTally tally) {
        long[] views = tally.views;
        long at = start;
        while (at < end) {
            int owner = -1;
            long next = end;
            List<Region> subs = region.subRegions();
            for (int s = 0; s < subs.size(); s++) {
                for (AddressRange r : subs.get(s).ranges()) {
                    if (r.contains(at)) {
                        owner = s;
                        next = Math.min(next, r.end());
                    } else if (r.start() > at) {
                        next = Math.min(next, r.start());
                    }
                }
            }
            piece.clear();
            pageTable.count(at, next, views, piece);
            tally.total.add(piece);
            tally.committed += next - at;
            if (owner >= 0) {
                tally.sub[owner].add(piece);
                tally.subCommitted[owner] += next - at;
            }
            at = next;
        }
    }

    private final class RegionTally {
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

        RegionResidency row(Region r, String parent, PageCounts counts, long committedBytes) {
            String regionName = parent == null ? r.name() : parent;
            String subName = parent == null ? null : r.name();
            return new RegionResidency(regionName, subName, r.start(), r.end(), r.reservedBytes(), committedBytes,
                    counts.present() * pageSize, counts.swapped() * pageSize, counts.unreadable() * pageSize);
        }
    }
}
