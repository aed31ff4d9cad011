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

    /** The sub-regions of G1's heap, in the order they are published, and the table's names for them. */
    enum Type {
        EDEN("G1 Eden Space", "E"),
        SURVIVOR("G1 Survivor Space", "S"),
        /** JDK 17's archive regions (open and closed, later one kind) hold old objects. */
        OLD("G1 Old Gen", "O", "OA", "CA", "A"),
        HUMONGOUS("G1 Humongous", "HS", "HC"),
        FREE("G1 Free", "F");

        private static final Type[] ALL = values();
        final String subRegion;
        private final String[] shortNames;

        Type(String subRegion, String... shortNames) {
            this.subRegion = subRegion;
            this.shortNames = shortNames;
        }

        /** The type whose short name is in {@code text} between {@code from} and {@code to}, blanks around it. */
        static Type of(String text, int from, int to) {
            from = blanksAfter(text, from, to);
            to = blanksBefore(text, from, to);
            for (Type type : ALL) {
                for (String name : type.shortNames) {
                    if (name.length() == to - from && text.startsWith(name, from)) {
                        return type;
                    }
                }
            }
            throw new IllegalArgumentException("region type '" + text.substring(from, to) + "' not known");
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
        // Read in place, without a string per line: a re-read must add little to the heap whose
        // regions it describes (eden takes a new region as allocation fills one).
        int[] bars = new int[6];
        while (at > 0 && at < vmInfo.length() && vmInfo.charAt(at) == '|') {
            int lineEnd = vmInfo.indexOf('\n', at);
            lineEnd = lineEnd < 0 ? vmInfo.length() : lineEnd;
            bars[0] = at;
            for (int b = 1; b < bars.length; b++) {
                bars[b] = vmInfo.indexOf('|', bars[b - 1] + 1);
                if (bars[b] < 0 || bars[b] > lineEnd) {
                    throw notUnderstood(vmInfo, at, lineEnd);
                }
            }
            int firstComma = vmInfo.indexOf(',', bars[1]);
            int secondComma = vmInfo.indexOf(',', firstComma + 1);
            if (firstComma < 0 || secondComma < 0 || secondComma > bars[2]) {
                throw notUnderstood(vmInfo, at, lineEnd);
            }
            long index = number(vmInfo, bars[0] + 1, bars[1], 10);
            long bottom = number(vmInfo, bars[1] + 1, firstComma, 16);
            long end = number(vmInfo, secondComma + 1, bars[2], 16);
            Type type = Type.of(vmInfo, bars[3] + 1, bars[4]);
            if (index < 0 || bottom < 0 || end < 0) {
                throw notUnderstood(vmInfo, at, lineEnd);
            }
            if (index <= previousIndex || Long.compareUnsigned(bottom, previousEnd) < 0
                    || Long.compareUnsigned(end, bottom) <= 0) {
                throw new IllegalArgumentException("regions out of order at: " + vmInfo.substring(at, lineEnd));
            }
            if (regionSize == 0) {
                regionSize = end - bottom;
            } else if (end - bottom != regionSize) {
                throw new IllegalArgumentException("a region of another size at: " + vmInfo.substring(at, lineEnd));
            }
            if (!inside(heap, bottom, end)) {
                throw new IllegalArgumentException("a region outside the heap " + heap.ranges() + ": "
                        + vmInfo.substring(at, lineEnd));
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
            at = lineEnd + 1;
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

    /** True if [bottom, end) lies inside one of the heap's ranges. */
    private static boolean inside(Region heap, long bottom, long end) {
        for (AddressRange r : heap.ranges()) {
            if (r.contains(bottom) && Long.compareUnsigned(end, r.end()) <= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The number written in {@code text} between {@code from} and {@code to}, with blanks around
     * it and, in hexadecimal, a {@code 0x} before it; -1 if there is none or anything else.
     */
    static long number(String text, int from, int to, int radix) {
        from = blanksAfter(text, from, to);
        to = blanksBefore(text, from, to);
        if (radix == 16) {
            if (!text.startsWith("0x", from)) {
                return -1;
            }
            from += 2;
        }
        if (from == to || to - from > (radix == 16 ? 16 : 18)) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
        }
        return value;
    }

    /** The first position from {@code from} on that is not a blank, at most {@code to}. */
    private static int blanksAfter(String text, int from, int to) {
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        return from;
    }

    /** The end of {@code text} up to {@code to} without its trailing blanks, at least {@code from}. */
    private static int blanksBefore(String text, int from, int to) {
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        return to;
    }

    private static IllegalArgumentException notUnderstood(String text, int from, int to) {
        return new IllegalArgumentException("line not understood: " + text.substring(from, to));
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
