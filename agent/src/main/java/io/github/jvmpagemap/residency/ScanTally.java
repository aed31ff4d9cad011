package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.StackGroups;
import io.github.jvmpagemap.proc.SmapsHugePages;
import io.github.jvmpagemap.scan.WrittenPages;
import java.util.List;

/**
 * The scan's own consumer of its walk: the figures of the row being walked ({@link RegionTally}),
 * its stacks by group where the row holds them ({@link StackTally}), and, where the page table does
 * not tell huge pages, smaps' figure for each committed range.
 */
final class ScanTally implements RunConsumer {
    private final long pageSize;
    private final StackTally stacks;
    private RegionTally current;
    /** Huge pages per mapping for this scan, where the page table does not tell them; else null. */
    private SmapsHugePages smaps;
    /** What this scan's write window saw, or null without one. */
    private WrittenPages window;

    ScanTally(long pageSize) {
        this.pageSize = pageSize;
        this.stacks = new StackTally(pageSize);
    }

    /** A scan begins; {@code smaps} (or null) tells its huge pages, {@code window} (or null) its written pages. */
    void startScan(SmapsHugePages smaps, WrittenPages window) {
        this.smaps = smaps;
        this.window = window;
        stacks.start(StackGroups.NONE);
    }

    /** The walk of {@code region} begins: the returned tally counts it. */
    RegionTally startRegion(Region region) {
        current = new RegionTally(region, pageSize, window);
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
