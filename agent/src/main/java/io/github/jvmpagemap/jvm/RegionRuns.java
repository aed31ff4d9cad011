package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import java.util.ArrayList;
import java.util.List;

/**
 * A heap's regions as a collector's table lists them, one line each: checked (in address and
 * index order, of one size where the collector's regions have one, inside the heap) and joined
 * into one range per run of adjacent regions of one type. What does not fit is refused with the
 * line, never guessed around.
 */
final class RegionRuns {
    private final Region heap;
    private final boolean oneSize;
    private final List<List<AddressRange>> ranges = new ArrayList<>();
    private int runType = -1;
    private long runStart;
    private long previousEnd;
    private long previousIndex = -1;
    private long regionSize;
    private long listed;

    /** @param types how many types there are: a region's type is 0 to types - 1 */
    RegionRuns(Region heap, int types) {
        this(heap, types, true);
    }

    /**
     * @param types how many types there are: a region's type is 0 to types - 1
     * @param oneSize whether every region must have the size of the first (G1's, Shenandoah's),
     *     or sizes may differ (ZGC's pages)
     */
    RegionRuns(Region heap, int types, boolean oneSize) {
        this.heap = heap;
        this.oneSize = oneSize;
        for (int t = 0; t < types; t++) {
            ranges.add(new ArrayList<>());
        }
    }

    /**
     * Adds region {@code index} at [bottom, end) of {@code type}, listed in {@code text} from
     * {@code lineStart} to {@code lineEnd} (for a message).
     *
     * @throws IllegalArgumentException if it does not follow the previous one or lies outside the heap
     */
    void add(long index, long bottom, long end, int type, String text, int lineStart, int lineEnd) {
        if (index <= previousIndex || Long.compareUnsigned(bottom, previousEnd) < 0
                || Long.compareUnsigned(end, bottom) <= 0) {
            throw new IllegalArgumentException("regions out of order at: " + text.substring(lineStart, lineEnd));
        }
        if (regionSize == 0 || !oneSize) {
            regionSize = end - bottom;
        } else if (end - bottom != regionSize) {
            throw new IllegalArgumentException("a region of another size at: " + text.substring(lineStart, lineEnd));
        }
        if (!inside(bottom, end)) {
            throw new IllegalArgumentException("a region outside the heap " + heap.ranges() + ": "
                    + text.substring(lineStart, lineEnd));
        }
        if (runType != type || bottom != previousEnd) {
            close();
            runType = type;
            runStart = bottom;
        }
        previousEnd = end;
        previousIndex = index;
        listed += regionSize;
    }

    /** Bytes of the regions added. */
    long listed() {
        return listed;
    }

    /**
     * One sub-region per type, named by {@code names} in type order, with the ranges of its regions.
     *
     * @throws IllegalArgumentException if no region was added
     */
    List<Region> subRegions(List<String> names) {
        if (listed == 0) {
            throw new IllegalArgumentException("an empty region table");
        }
        close();
        List<Region> subRegions = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            subRegions.add(new Region(names.get(t), ranges.get(t)).madeOfHeapRegions(regionSize));
        }
        return List.copyOf(subRegions);
    }

    private void close() {
        if (runType >= 0) {
            ranges.get(runType).add(new AddressRange(runStart, previousEnd));
            runType = -1;
        }
    }

    private boolean inside(long bottom, long end) {
        for (AddressRange r : heap.ranges()) {
            if (r.contains(bottom) && Long.compareUnsigned(end, r.end()) <= 0) {
                return true;
            }
        }
        return false;
    }
}
