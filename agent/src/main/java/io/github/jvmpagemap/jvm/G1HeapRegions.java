package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.rows.RowNames;
import java.util.List;

/**
 * G1's heap split by region type, from the {@code Heap Regions:} table that {@code VM.info}
 * prints under the heap lock: one line per committed region, such as
 * {@code |  12|0x00000000f0c00000, 0x00000000f0d00000, 0x00000000f0d00000|100%| O|  |TAMS ...}
 * (index, bottom, top, end, use, type, ...). Adjacent regions of one type become one range.
 *
 * <p>Nothing is guessed: a type not listed here, a line that does not parse, regions out of
 * order, of different sizes or outside the heap, or a table whose regions do not add up to the
 * committed size printed above it under the same lock, and the whole table is refused.
 */
public final class G1HeapRegions {
    private static final String SUMMARY = "garbage-first heap";
    /** The sub-regions, in the order they are published. */
    static final List<String> NAMES = RowNames.G1_TYPES;
    /**
     * The table's short names of each sub-region's types, in the same order; JDK 17's archive
     * regions (open and closed, later one kind) hold old objects.
     */
    private static final String[][] TYPES = {{"E"}, {"S"}, {"O", "OA", "CA", "A"}, {"HS", "HC"}, {"F"}};

    private G1HeapRegions() {
    }

    /**
     * The five sub-regions of G1's heap, each with the ranges of its regions (possibly none).
     *
     * @param vmInfo the output of {@code VM.info}
     * @param heap the heap region, whose ranges every G1 region must lie in
     * @throws IllegalArgumentException if the table is missing or not understood, saying why
     */
    public static List<Region> parse(String vmInfo, Region heap) {
        int table = vmInfo.indexOf(VmInfo.HEAP_REGIONS);
        if (table < 0) {
            throw new IllegalArgumentException("no 'Heap Regions:' table");
        }
        long committed = committedBefore(vmInfo, table);
        RegionRuns runs = new RegionRuns(heap, NAMES.size());
        int[] bars = new int[6];
        int at = vmInfo.indexOf('\n', table + 1) + 1;
        while (at > 0 && at < vmInfo.length() && vmInfo.charAt(at) == '|') {
            int lineEnd = vmInfo.indexOf('\n', at);
            lineEnd = lineEnd < 0 ? vmInfo.length() : lineEnd;
            bars[0] = at;
            for (int b = 1; b < bars.length; b++) {
                bars[b] = vmInfo.indexOf('|', bars[b - 1] + 1);
                if (bars[b] < 0 || bars[b] > lineEnd) {
                    throw TableCells.notUnderstood(vmInfo, at, lineEnd);
                }
            }
            int firstComma = vmInfo.indexOf(',', bars[1]);
            int secondComma = vmInfo.indexOf(',', firstComma + 1);
            if (firstComma < 0 || secondComma < 0 || secondComma > bars[2]) {
                throw TableCells.notUnderstood(vmInfo, at, lineEnd);
            }
            long index = TableCells.number(vmInfo, bars[0] + 1, bars[1], 10);
            long bottom = TableCells.number(vmInfo, bars[1] + 1, firstComma, 16);
            long end = TableCells.number(vmInfo, secondComma + 1, bars[2], 16);
            if (index < 0 || bottom < 0 || end < 0) {
                throw TableCells.notUnderstood(vmInfo, at, lineEnd);
            }
            int type = TableCells.kind(vmInfo, bars[3] + 1, bars[4], TYPES, "region type");
            runs.add(index, bottom, end, type, vmInfo, at, lineEnd);
            at = lineEnd + 1;
        }
        List<Region> subRegions = runs.subRegions(NAMES);
        if (runs.listed() != committed) {
            throw new IllegalArgumentException("its regions hold " + runs.listed() + " bytes, the heap " + committed
                    + " committed");
        }
        return subRegions;
    }

    /**
     * The committed size on the heap summary above the table: JDK 17 prints
     * {@code garbage-first heap   total 206848K, used ...}, JDK 21 and later
     * {@code garbage-first heap   total reserved 262144K, committed 203776K, used ...}.
     */
    private static long committedBefore(String vmInfo, int table) {
        int summary = vmInfo.lastIndexOf(SUMMARY, table);
        if (summary < 0) {
            throw new IllegalArgumentException("no '" + SUMMARY + "' summary before the table");
        }
        String line = vmInfo.substring(summary, vmInfo.indexOf('\n', summary));
        String size = sizeAfter(line, "committed ");
        if (size == null) {
            size = sizeAfter(line, "total ");
        }
        if (size == null) {
            throw new IllegalArgumentException("no committed size in: " + line);
        }
        return Addresses.size(size.substring(0, size.length() - 1), size.substring(size.length() - 1));
    }

    /** The size such as {@code 203776K} that follows {@code label} on {@code line}, or null. */
    private static String sizeAfter(String line, String label) {
        int at = line.indexOf(label);
        if (at < 0) {
            return null;
        }
        int from = at + label.length();
        int to = from;
        while (to < line.length() && Character.isDigit(line.charAt(to))) {
            to++;
        }
        if (to == from || to == line.length() || "KMG".indexOf(line.charAt(to)) < 0) {
            return null;
        }
        return line.substring(from, to + 1);
    }
}
