package io.github.jvmpagemap.residency;

import java.util.HashMap;
import java.util.Map;

/**
 * The highest resident each row has had in any scan ({@link Figure#PEAK_RESIDENT}), kept by the
 * row's names across scans. Looking a row up allocates nothing once it has been seen. Owned by
 * the scanner's thread; {@link #reset()} may be called from any thread and takes effect at the
 * next scan.
 */
final class RowPeaks {
    /** Region name, then sub-region name ({@link #REGION_ITSELF} for the region's own row). */
    private final Map<String, Map<String, long[]>> peaks = new HashMap<>();
    private static final String REGION_ITSELF = "";
    private volatile boolean resetAsked;

    /** From the next scan on, every row's peak starts again from that scan's resident. */
    void reset() {
        resetAsked = true;
    }

    /** At the start of a scan. */
    void scanStarts() {
        if (resetAsked) {
            resetAsked = false;
            peaks.clear();
        }
    }

    /**
     * Raises the peak in {@code values}, a row's figures as they are worked out (the peak at its
     * resident), to the highest seen for the row of these names, and remembers it; before the row
     * is made, so that a published row is never changed.
     */
    void apply(String region, String subRegion, long[] values) {
        Map<String, long[]> subRows = peaks.get(region);
        if (subRows == null) {
            subRows = new HashMap<>();
            peaks.put(region, subRows);
        }
        String sub = subRegion == null ? REGION_ITSELF : subRegion;
        long[] peak = subRows.get(sub);
        if (peak == null) {
            peak = new long[1];
            subRows.put(sub, peak);
        }
        int i = Figure.PEAK_RESIDENT.ordinal();
        peak[0] = Math.max(peak[0], values[Figure.RESIDENT.ordinal()]);
        values[i] = peak[0];
    }
}
