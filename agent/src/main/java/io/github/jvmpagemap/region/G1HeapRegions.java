package io.github.jvmpagemap.region;

import java.util.ArrayList;
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
    static final String TABLE = "\nHeap Regions:";
    private static final String SUMMARY = "garbage-first heap";

    /** The sub-regions of G1's heap, in the order they are published. */
    enum Type {
        EDEN("G1 Eden Space"),
        SURVIVOR("G1 Survivor Space"),
        OLD("G1 Old Gen"),
        HUMONGOUS("G1 Humongous"),
        FREE("G1 Free");

        final String subRegion;

        Type(String subRegion) {
            this.subRegion = subRegion;
        }

        /**
         * The type of a region's short name in the table; JDK 17's archive regions (open and
         * closed, later one kind) hold old objects.
         */
        static Type of(String shortName) {
            return switch (shortName) {
                case "E" -> EDEN;
                case "S" -> SURVIVOR;
                case "O", "OA", "CA", "A" -> OLD;
                case "HS", "HC" -> HUMONGOUS;
                case "F" -> FREE;
                default -> throw new IllegalArgumentException("region type '" + shortName + "' not known");
            };
        }
    }

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
        int table = vmInfo.indexOf(TABLE);
        if (table < 0) {
            throw new IllegalArgumentException("no 'Heap Regions:' table");
        }
        long committed = committedBefore(vmInfo, table);
        List<List<AddressRange>> ranges = new ArrayList<>();
        for (int t = 0; t < Type.values().length; t++) {
            ranges.add(new ArrayList<>());
        }
        Type runType = null;
        long runStart = 0;
        long previousEnd = 0;
        long regionSize = 0;
        long listed = 0;
        long previousIndex = -1;
        int at = vmInfo.indexOf('\n', table + 1) + 1;
        while (at > 0 && at < vmInfo.length() && vmInfo.charAt(at) == '|') {
            int lineEnd = vmInfo.indexOf('\n', at);
            String line = vmInfo.substring(at, lineEnd < 0 ? vmInfo.length() : lineEnd);
            at = lineEnd < 0 ? -1 : lineEnd + 1;
            String[] fields = line.split("\\|", 6);
            if (fields.length < 6) {
                throw new IllegalArgumentException("line not understood: " + line);
            }
            long index = Long.parseLong(fields[1].trim());
            List<Long> addresses = Addresses.in(fields[2]);
            if (addresses.size() != 3) {
                throw new IllegalArgumentException("not bottom, top and end: " + line);
            }
            long bottom = addresses.get(0);
            long end = addresses.get(2);
            Type type = Type.of(fields[4].trim());
            if (index <= previousIndex || Long.compareUnsigned(bottom, previousEnd) < 0
                    || Long.compareUnsigned(end, bottom) <= 0) {
                throw new IllegalArgumentException("regions out of order at: " + line);
            }
            if (regionSize == 0) {
                regionSize = end - bottom;
            } else if (end - bottom != regionSize) {
                throw new IllegalArgumentException("a region of another size at: " + line);
            }
            if (heap.ranges().stream().noneMatch(r -> r.contains(bottom) && Long.compareUnsigned(end, r.end()) <= 0)) {
                throw new IllegalArgumentException("a region outside the heap " + heap.ranges() + ": " + line);
            }
            if (runType != type || bottom != previousEnd) {
                if (runType != null) {
                    ranges.get(runType.ordinal()).add(new AddressRange(runStart, previousEnd));
                }
                runType = type;
                runStart = bottom;
            }
            previousEnd = end;
            previousIndex = index;
            listed += regionSize;
        }
        if (runType == null) {
            throw new IllegalArgumentException("an empty 'Heap Regions:' table");
        }
        ranges.get(runType.ordinal()).add(new AddressRange(runStart, previousEnd));
        if (listed != committed) {
            throw new IllegalArgumentException("its regions hold " + listed + " bytes, the heap " + committed
                    + " committed");
        }
        List<Region> subRegions = new ArrayList<>();
        for (Type type : Type.values()) {
            subRegions.add(new Region(type.subRegion, ranges.get(type.ordinal())));
        }
        return List.copyOf(subRegions);
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
