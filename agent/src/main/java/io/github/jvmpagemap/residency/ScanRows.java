package io.github.jvmpagemap.residency;

import java.util.Arrays;
import java.util.List;

/**
 * The rows of a scan, in the order they are made, and the list a scan publishes: the previous
 * scan's list again when every row is the previous scan's row at the same place (the same object,
 * as {@link RegionTally} keeps a row whose figures did not change), so that an idle application's
 * scans make no new list. Not thread-safe: one scanner thread owns it; the lists it gives are
 * immutable.
 */
final class ScanRows {
    private RegionResidency[] rows = new RegionResidency[64];
    private int count;
    private List<RegionResidency> list = List.of();

    /** A scan begins: no rows yet. */
    void start() {
        count = 0;
    }

    void add(RegionResidency row) {
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, count * 2);
        }
        rows[count++] = row;
    }

    /** The scan's rows, as an immutable list: the previous scan's when they are the same rows. */
    List<RegionResidency> list() {
        boolean same = count == list.size();
        for (int i = 0; same && i < count; i++) {
            same = rows[i] == list.get(i);
        }
        if (!same) {
            list = List.of(Arrays.copyOf(rows, count));
        }
        return list;
    }
}
