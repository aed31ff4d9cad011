package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.region.AddressRange;
import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionLayout;
import java.util.Arrays;

/**
 * The address windows a layout's regions occupy, every view of multi-mapped memory included,
 * sorted and merged: all a scan needs to know the mappings of. Reused from scan to scan.
 */
final class LayoutWindows {
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private int count;

    /** Replaces the windows with those of {@code layout}. */
    void of(RegionLayout layout) {
        count = 0;
        for (Region region : layout.regions()) {
            long[] views = region.views();
            for (AddressRange range : region.ranges()) {
                add(range.start(), range.end());
                for (long view : views) {
                    add(range.start() + view, range.end() + view);
                }
            }
        }
        sortAndMerge();
    }

    /** True if every window of {@code other} lies inside one of these. */
    boolean cover(LayoutWindows other) {
        for (int i = 0; i < other.count; i++) {
            if (!covers(other.starts[i], other.ends[i])) {
                return false;
            }
        }
        return true;
    }

    private boolean covers(long start, long end) {
        for (int i = 0; i < count; i++) {
            if (Long.compareUnsigned(starts[i], start) <= 0 && Long.compareUnsigned(end, ends[i]) <= 0) {
                return true;
            }
        }
        return false;
    }

    long[] starts() {
        return starts;
    }

    long[] ends() {
        return ends;
    }

    int count() {
        return count;
    }

    private void add(long start, long end) {
        if (start == end) {
            return;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    /** Insertion sort by start (a handful of windows), then adjacent or overlapping ones joined. */
    private void sortAndMerge() {
        for (int i = 1; i < count; i++) {
            long s = starts[i];
            long e = ends[i];
            int j = i - 1;
            while (j >= 0 && Long.compareUnsigned(starts[j], s) > 0) {
                starts[j + 1] = starts[j];
                ends[j + 1] = ends[j];
                j--;
            }
            starts[j + 1] = s;
            ends[j + 1] = e;
        }
        int merged = 0;
        for (int i = 0; i < count; i++) {
            if (merged > 0 && Long.compareUnsigned(starts[i], ends[merged - 1]) <= 0) {
                if (Long.compareUnsigned(ends[i], ends[merged - 1]) > 0) {
                    ends[merged - 1] = ends[i];
                }
            } else {
                starts[merged] = starts[i];
                ends[merged] = ends[i];
                merged++;
            }
        }
        count = merged;
    }
}
