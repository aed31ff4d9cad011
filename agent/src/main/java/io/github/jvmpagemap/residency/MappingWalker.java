package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.Sharing;

/**
 * Walks the committed part of a row: each accessible mapping inside its ranges, once, whatever
 * sub-rows it crosses ({@link OwnerCut} cuts the runs), spending on sharing what can change the
 * answer: private anonymous memory is read only while a child or KSM may share it; mapped files
 * and shared memory outside the JVM's regions while the {@link SharingBudget} allows; the JVM's
 * regions and the kernel's few pages ({@code [vdso]}, {@code [vvar]}) always.
 */
final class MappingWalker {
    private final PageTable pageTable;
    private final OwnerCut cut;
    private final SharingBudget budget;

    MappingWalker(PageTable pageTable, OwnerCut cut, SharingBudget budget) {
        this.pageTable = pageTable;
        this.cut = cut;
        this.budget = budget;
    }

    /** A scan begins: its reads for sharing are timed if the budget is measuring. */
    void scanStarts() {
        budget.scanStarts();
    }

    /** The scan ended, {@code scanNanos} long. */
    void scanEnds(long scanNanos) {
        budget.scanEnds(scanNanos);
    }

    /**
     * @param anonymousSharing whether private anonymous memory can be shared right now (a child, KSM)
     * @return how many mappings, accessible or not, overlap the row: none for a row the JVM
     *     reported means the maps read did not show it
     */
    int walk(Region region, MemoryMaps maps, boolean anonymousSharing) {
        long[] views = region.views();
        int overlapping = 0;
        for (int r = 0; r < region.ranges().size(); r++) {
            AddressRange range = region.ranges().get(r);
            for (int i = maps.firstEndingAfter(range.start());
                    i < maps.count() && Long.compareUnsigned(maps.start(i), range.end()) < 0; i++) {
                overlapping++;
                if (maps.accessible(i)) {
                    long start = Math.max(range.start(), maps.start(i));
                    long end = Math.min(range.end(), maps.end(i));
                    if (start < end) {
                        cut.committed(start, end);
                        walk(region, maps, i, start, end, views, anonymousSharing);
                    }
                }
            }
        }
        return overlapping;
    }

    private void walk(Region region, MemoryMaps maps, int i, long start, long end, long[] views,
            boolean anonymousSharing) {
        if (maps.privateAnonymous(i)) {
            pageTable.walk(start, end, views, anonymousSharing ? Sharing.READ : Sharing.IMPOSSIBLE, cut);
        } else if (region.kind() == RowKind.JVM_REGION || maps.kind(i) == MemoryMaps.PSEUDO) {
            pageTable.walk(start, end, views, Sharing.READ, cut);
        } else {
            pageTable.walk(start, end, views, budget.mappedFileSharing(), cut);
            budget.mappedFileWalked();
        }
    }
}
