package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.rows.RowNames;
import java.util.List;

/**
 * Shenandoah's heap split by region state, from the {@code Heap Regions:} table of
 * {@code VM.info}: after a legend, one line per region, such as
 * {@code |    0|R  |BTE     f0000000,     f0040000,     f0040000|TAMS ...} (JDK 17) or
 * {@code |    0|R  |Y|BTE ...} (JDK 21+, with the region's generation). Uncommitted regions
 * ({@code EU}) belong to no sub-region; adjacent regions of one kind become one range.
 *
 * <p>Shenandoah prints the table without the lock under which its regions change state, so each
 * line is one region's state as it was read, and the table as a whole need not add up to the
 * committed size printed above it; everything else is checked as for G1 ({@link RegionRuns}), and
 * a state not listed here refuses the whole table.
 */
final class ShenandoahHeapRegions {
    /** The sub-regions, in the order they are published. */
    static final List<String> NAMES = RowNames.SHENANDOAH_STATES;
    /**
     * Each sub-region's states, in the same order: regular (and pinned), humongous start (and
     * pinned) and continuation, in the collection set (and pinned), trash (evacuated, to be
     * recycled), empty and committed.
     */
    private static final String[][] STATES = {{"R", "P"}, {"H", "HP", "HC"}, {"CS", "CSP"}, {"TR"}, {"EC"}};
    private static final String UNCOMMITTED = "EU";
    /** How many lines of legend may come between the title and the first region. */
    private static final int LEGEND_LINES = 12;

    private ShenandoahHeapRegions() {
    }

    /**
     * The five sub-regions of Shenandoah's heap, each with the ranges of its regions (possibly none).
     *
     * @param vmInfo the output of {@code VM.info}
     * @param heap the heap region, whose ranges every region must lie in
     * @throws IllegalArgumentException if the table is missing or not understood, saying why
     */
    public static List<Region> parse(String vmInfo, Region heap) {
        int table = vmInfo.indexOf(VmInfo.HEAP_REGIONS);
        if (table < 0) {
            throw new IllegalArgumentException("no 'Heap Regions:' table");
        }
        int at = vmInfo.indexOf('\n', table + 1) + 1;
        for (int legend = 0; at > 0 && at < vmInfo.length() && vmInfo.charAt(at) != '|'; legend++) {
            if (legend == LEGEND_LINES) {
                throw new IllegalArgumentException("no region lines after the 'Heap Regions:' legend");
            }
            at = vmInfo.indexOf('\n', at) + 1;
        }
        RegionRuns runs = new RegionRuns(heap, NAMES.size());
        while (at > 0 && at < vmInfo.length() && vmInfo.charAt(at) == '|') {
            int lineEnd = vmInfo.indexOf('\n', at);
            lineEnd = lineEnd < 0 ? vmInfo.length() : lineEnd;
            int indexEnd = vmInfo.indexOf('|', at + 1);
            int stateEnd = indexEnd < 0 ? -1 : vmInfo.indexOf('|', indexEnd + 1);
            int bte = stateEnd < 0 ? -1 : vmInfo.indexOf("|BTE", stateEnd);
            int bteEnd = bte < 0 ? -1 : vmInfo.indexOf('|', bte + 1);
            int firstComma = bte < 0 ? -1 : vmInfo.indexOf(',', bte);
            int secondComma = firstComma < 0 ? -1 : vmInfo.indexOf(',', firstComma + 1);
            if (stateEnd < 0 || stateEnd > lineEnd || bteEnd < 0 || bteEnd > lineEnd || secondComma < 0
                    || secondComma > bteEnd) {
                throw TableCells.notUnderstood(vmInfo, at, lineEnd);
            }
            long index = TableCells.number(vmInfo, at + 1, indexEnd, 10);
            long bottom = TableCells.number(vmInfo, bte + 4, firstComma, 16);
            long end = TableCells.number(vmInfo, secondComma + 1, bteEnd, 16);
            if (index < 0 || bottom < 0 || end < 0) {
                throw TableCells.notUnderstood(vmInfo, at, lineEnd);
            }
            if (!TableCells.is(vmInfo, indexEnd + 1, stateEnd, UNCOMMITTED)) {
                runs.add(index, bottom, end, TableCells.kind(vmInfo, indexEnd + 1, stateEnd, STATES, "region state"),
                        vmInfo, at, lineEnd);
            }
            at = lineEnd + 1;
        }
        return runs.subRegions(NAMES);
    }
}
