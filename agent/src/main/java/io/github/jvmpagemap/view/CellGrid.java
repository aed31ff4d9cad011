package io.github.jvmpagemap.view;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.scan.PageState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One region's address space cut into cells (one per heap region for a split heap, else
 * {@link #DEFAULT_CELL}), each counting its 4 KiB units per {@link PageState} and those not
 * committed, and which sub-region owns it. Runs of same-state pages are added as they come: the
 * work is per run and per cell it covers, never per page, and nothing is allocated per run.
 */
final class CellGrid {
    /** The cell of a region that is not split into heap regions. */
    public static final long DEFAULT_CELL = 2L << 20;
    /** Past this many cells the cell size doubles: a page of a million cells draws slowly. */
    public static final int MAX_CELLS = 1 << 14;
    /** The unit cells count in. */
    public static final long UNIT = 4096;
    /** The count after the page states: units reserved but not committed. */
    public static final int NOT_COMMITTED = PageState.values().length;
    /** Counts per cell: one per page state, and {@link #NOT_COMMITTED}. */
    public static final int STATES = NOT_COMMITTED + 1;
    /** {@link #subRegion} of a cell no sub-region owns. */
    public static final int NO_SUB = -1;
    /** {@link #subRegion} of a cell that several sub-regions share. */
    public static final int MIXED_SUB = -2;

    private final String region;
    private final List<AddressRange> ranges;
    private final long cellSize;
    private final long heapRegionSize;
    private final int[] firstCell;
    private final int cells;
    private final long[] counts;
    private final int[] subRegion;
    private final List<String> subRegions;

    /**
     * @param ranges the region's reserved ranges, sorted by address
     * @param heapRegionSize the collector's region size if the region is split by heap region, else 0
     * @param subRegions the names of the region's sub-regions, by index
     */
    public CellGrid(String region, List<AddressRange> ranges, long heapRegionSize, List<String> subRegions) {
        this.region = region;
        this.ranges = List.copyOf(ranges);
        this.subRegions = List.copyOf(subRegions);
        this.heapRegionSize = heapRegionSize;
        long size = heapRegionSize > 0 ? heapRegionSize : DEFAULT_CELL;
        while (cellsFor(ranges, size) > MAX_CELLS) {
            size *= 2;
        }
        this.cellSize = size;
        this.firstCell = new int[ranges.size() + 1];
        for (int i = 0; i < ranges.size(); i++) {
            firstCell[i + 1] = firstCell[i] + (int) cellsOf(ranges.get(i), size);
        }
        this.cells = firstCell[ranges.size()];
        this.counts = new long[cells * STATES];
        this.subRegion = new int[cells];
        Arrays.fill(subRegion, NO_SUB);
        for (int r = 0; r < ranges.size(); r++) {
            AddressRange range = ranges.get(r);
            for (int c = firstCell[r]; c < firstCell[r + 1]; c++) {
                long start = range.start() + (c - firstCell[r]) * size;
                counts[c * STATES + NOT_COMMITTED] = (Math.min(start + size, range.end()) - start) / UNIT;
            }
        }
    }

    private static long cellsFor(List<AddressRange> ranges, long size) {
        long n = 0;
        for (AddressRange r : ranges) {
            n += cellsOf(r, size);
        }
        return n;
    }

    private static long cellsOf(AddressRange range, long size) {
        return (range.size() + size - 1) / size;
    }

    /**
     * Adds the run [from, to) in {@code state} (a {@link PageState} ordinal), owned by sub-region
     * {@code sub} (-1 for none). The part of a run outside the region's ranges is not counted.
     */
    public void add(long from, long to, int state, int sub) {
        for (int r = firstEndingAfter(from); r < ranges.size() && ranges.get(r).start() < to; r++) {
            AddressRange range = ranges.get(r);
            long start = Math.max(from, range.start());
            long end = Math.min(to, range.end());
            if (start < end) {
                addWithin(r, range.start(), start, end, state, sub);
            }
        }
    }

    /** The first range that ends after {@code address}, by binary search (a row may have thousands). */
    private int firstEndingAfter(long address) {
        int low = 0;
        int high = ranges.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ranges.get(mid).end() <= address) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void addWithin(int r, long rangeStart, long from, long to, int state, int sub) {
        long offset = from - rangeStart;
        int cell = firstCell[r] + (int) (offset / cellSize);
        long cellEnd = rangeStart + (offset / cellSize + 1) * cellSize;
        long at = from;
        while (at < to) {
            long end = Math.min(to, cellEnd);
            long units = (end - at) / UNIT;
            counts[cell * STATES + state] += units;
            counts[cell * STATES + NOT_COMMITTED] -= units;
            int owner = subRegion[cell];
            subRegion[cell] = owner == NO_SUB || owner == sub ? sub : MIXED_SUB;
            at = end;
            cell++;
            cellEnd += cellSize;
        }
    }

    public String region() {
        return region;
    }

    public List<AddressRange> ranges() {
        return ranges;
    }

    public long cellSize() {
        return cellSize;
    }

    /** The collector's region size if the region is split by heap region, else 0. */
    public long heapRegionSize() {
        return heapRegionSize;
    }

    public int cells() {
        return cells;
    }

    /** Units of 4 KiB of {@code cell} in {@code state} ({@link PageState} ordinal or {@link #NOT_COMMITTED}). */
    public long count(int cell, int state) {
        return counts[cell * STATES + state];
    }

    /** The sub-region owning {@code cell}: an index into {@link #subRegions()}, {@link #NO_SUB} or {@link #MIXED_SUB}. */
    public int subRegion(int cell) {
        return subRegion[cell];
    }

    public List<String> subRegions() {
        return subRegions;
    }

    /** Units of 4 KiB in {@code state} over all cells. */
    public long total(int state) {
        long sum = 0;
        for (int c = 0; c < cells; c++) {
            sum += counts[c * STATES + state];
        }
        return sum;
    }

    /** Names for a state, as the page's legend says them. */
    public static List<String> stateNames() {
        List<String> names = new ArrayList<>();
        for (PageState s : PageState.values()) {
            names.add(s.label());
        }
        names.add("not committed");
        return names;
    }
}
