package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.layout.StackGroups;
import io.github.jvmpagemap.proc.SmapsHugePages;
import io.github.jvmpagemap.scan.WrittenPages;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scan's own consumer of its walk: the figures of the row being walked ({@link RegionTally}),
 * its stacks by group where the row holds them ({@link StackTally}), and, where the page table does
 * not tell huge pages, smaps' figure for each committed range.
 */
final class ScanTally implements RunConsumer {
    private final long pageSize;
    private final StackTally stacks;
    private RegionTally current;
    /** Each region's tally, kept while the region (the same object) stays in the layout. */
    private Map<Region, RegionTally> tallies = new IdentityHashMap<>();
    private RegionLayout layout;
    /** Huge pages per mapping for this scan, where the page table does not tell them; else null. */
    private SmapsHugePages smaps;
    /** What this scan's write window saw, or null without one. */
    private WrittenPages window;

    ScanTally(long pageSize) {
        this.pageSize = pageSize;
        this.stacks = new StackTally(pageSize);
    }

    /**
     * A scan of {@code layout} begins; {@code smaps} (or null) tells its huge pages, {@code window}
     * (or null) its written pages.
     */
    void startScan(RegionLayout layout, SmapsHugePages smaps, WrittenPages window) {
        this.smaps = smaps;
        this.window = window;
        stacks.start(StackGroups.NONE);
        if (layout != this.layout) {
            Map<Region, RegionTally> kept = new IdentityHashMap<>();
            for (Region region : layout.regions()) {
                RegionTally tally = tallies.get(region);
                kept.put(region, tally != null ? tally : new RegionTally(region, pageSize));
            }
            tallies = kept;
            this.layout = layout;
        }
    }

    /** The walk of {@code region}, one of the scan's layout, begins: the returned tally counts it. */
    RegionTally startRegion(Region region) {
        current = tallies.get(region);
        if (current == null) {
            current = new RegionTally(region, pageSize);
            tallies.put(region, current);
        }
        current.start(window);
        if (region.stackGroups().count() > 0) {
            stacks.start(region.stackGroups());
        }
        return current;
    }

    /** The largest thread-stack groups of the scan. */
    List<ThreadStackGroup> largestStackGroups() {
        return stacks.largest();
    }

    @Override
    public void committed(Region region, int sub, long from, long to) {
        current.committed(sub, from, to, smaps == null ? -1 : smaps.hugeBytes(from, to),
                smaps == null ? 0 : smaps.pmdMappedBytes(from, to));
    }

    @Override
    public void run(Region region, int sub, long from, long to, long state) {
        current.run(sub, from, to, state);
        if (region.stackGroups().count() > 0) {
            stacks.run(from, to, state);
        }
    }

    @Override
    public void error(Region region, String message) {
        current.error(message);
    }
}
