package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import java.util.Arrays;
import java.util.List;

/**
 * Which sub-region owns each address of a region: the sub-regions' ranges sorted by address,
 * looked up by binary search, or in constant time from the previous answer when addresses come
 * in order (as a walk's runs do). Thousands of ranges (G1's regions) cost a walk no more than a few.
 */
final class Owners {
    private final long[] starts;
    private final long[] ends;
    private final int[] owners;

    private Owners(long[] starts, long[] ends, int[] owners) {
        this.starts = starts;
        this.ends = ends;
        this.owners = owners;
    }

    /** The owners of {@code region}'s addresses; sub-regions must not overlap. */
    static Owners of(Region region) {
        List<Region> subs = region.subRegions();
        int count = 0;
        for (Region sub : subs) {
            count += sub.ranges().size();
        }
        long[] keys = new long[count];
        AddressRange[] ranges = new AddressRange[count];
        int[] subOf = new int[count];
        int n = 0;
        for (int s = 0; s < subs.size(); s++) {
            for (AddressRange range : subs.get(s).ranges()) {
                ranges[n] = range;
                subOf[n] = s;
                n++;
            }
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ranges[a].start(), ranges[b].start()));
        long[] starts = new long[count];
        long[] ends = new long[count];
        int[] owners = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = ranges[order[i]].start();
            ends[i] = ranges[order[i]].end();
            owners[i] = subOf[order[i]];
        }
        return new Owners(starts, ends, owners);
    }

    int count() {
        return starts.length;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    /** The sub-region's index in its region's list. */
    int owner(int i) {
        return owners[i];
    }

    /**
     * The index of the first range that ends above {@code address} ({@link #count()} if none),
     * trying {@code hint} (the previous answer) and the range after it before searching.
     */
    int locate(long address, int hint) {
        for (int i = hint; i <= hint + 1; i++) {
            if (i >= 0 && i <= starts.length && (i == starts.length || ends[i] > address)
                    && (i == 0 || ends[i - 1] <= address)) {
                return i;
            }
        }
        int low = 0;
        int high = starts.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] > address) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
