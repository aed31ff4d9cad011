package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.rows.RowKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * A recording's story in figures: for each row and sub-row, how its resident (and swapped) bytes went
 * over the scans that hold it; the same for VmRSS and what no row holds; the collections by
 * collector and their pauses. What the summary prints, the JSON carries and the timeline page shows.
 *
 * @param rows every row and sub-row, in the order the scans list them
 * @param processResident VmRSS over the scans that read it, or null
 * @param unattributed what no row held over those scans, or null
 * @param hugetlb the hugetlb pages over the scans, or null where there were none
 * @param collections how many collections each collector made, by name
 * @param pauses the pauses of every collection, summed
 * @param longest the collection with the longest pause, or null
 */
public record TimelineSummary(List<RowSeries> rows, Series processResident, Series unattributed, Series hugetlb,
        Map<String, Integer> collections, Duration pauses, Timeline.Collection longest) {

    /**
     * How one figure went: its first and last values, its lowest and highest, when it was highest
     * first, and how much it grew from first to last.
     */
    public record Series(long first, long last, long lowest, long highest, Instant highestAt) {
        public long growth() {
            return last - first;
        }

        /** The series of {@code value} over {@code scans}, or null if there are none. */
        static Series of(List<Residency> scans, ToLongFunction<Residency> value) {
            Series s = null;
            for (Residency scan : scans) {
                s = next(s, value.applyAsLong(scan), scan.time());
            }
            return s;
        }

        /** {@code s} (null for none yet) with one more value at {@code time}; {@link Figure#UNAVAILABLE} is passed over. */
        static Series next(Series s, long value, Instant time) {
            if (value == Figure.UNAVAILABLE) {
                return s;
            }
            if (s == null) {
                return new Series(value, value, value, value, time);
            }
            return new Series(s.first, value, Math.min(s.lowest, value), Math.max(s.highest, value),
                    value > s.highest ? time : s.highestAt);
        }
    }

    /**
     * One row's or sub-row's resident and swapped bytes over the scans that hold it.
     *
     * @param swapped null where no page of it was ever swapped
     */
    public record RowSeries(String region, String subRegion, RowKind kind, int scans, Series resident,
            Series swapped) {
        public boolean isSubRegion() {
            return subRegion != null;
        }
    }

    public static TimelineSummary of(Timeline timeline) {
        List<Residency> scans = timeline.scans();
        Map<String, RegionResidency> first = new LinkedHashMap<>();
        Map<String, Series> resident = new LinkedHashMap<>();
        Map<String, Series> swapped = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Residency scan : scans) {
            for (RegionResidency row : scan.regions()) {
                String key = row.region() + "\0" + row.subRegion();
                first.putIfAbsent(key, row);
                counts.merge(key, 1, Integer::sum);
                resident.put(key, Series.next(resident.get(key), row.get(Figure.RESIDENT), scan.time()));
                swapped.put(key, Series.next(swapped.get(key), row.get(Figure.SWAPPED), scan.time()));
            }
        }
        List<RowSeries> rows = new ArrayList<>();
        for (Map.Entry<String, RegionResidency> e : first.entrySet()) {
            RegionResidency row = e.getValue();
            Series s = swapped.get(e.getKey());
            rows.add(new RowSeries(row.region(), row.subRegion(), row.kind(), counts.get(e.getKey()),
                    resident.get(e.getKey()), s == null || s.highest() == 0 ? null : s));
        }
        Series hugetlb = Series.of(scans, Residency::hugetlbBytes);
        Map<String, Integer> collections = new TreeMap<>();
        Duration pauses = Duration.ZERO;
        Timeline.Collection longest = null;
        for (Timeline.Collection c : timeline.collections()) {
            collections.merge(c.name() == null ? "?" : c.name(), 1, Integer::sum);
            pauses = pauses.plus(c.sumOfPauses());
            if (longest == null || c.longestPause().compareTo(longest.longestPause()) > 0) {
                longest = c;
            }
        }
        // Where VmRSS was not read, not attributed is not known either (both -1).
        List<Residency> withVmRss = scans.stream().filter(s -> s.processResidentBytes() >= 0).toList();
        return new TimelineSummary(List.copyOf(rows), Series.of(withVmRss, Residency::processResidentBytes),
                Series.of(withVmRss, Residency::unattributedBytes),
                hugetlb == null || hugetlb.highest() == 0 ? null : hugetlb, collections, pauses, longest);
    }
}
