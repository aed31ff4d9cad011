package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.rows.RowNames;
import java.util.Arrays;
import java.util.List;

/**
 * ZGC's heap split by page, from the {@code ZGC Page Table:} that {@code VM.info} prints: one
 * line per page, with its size class and its start, top and end as offsets into the heap, and on
 * generational ZGC (JDK 21 and later; the only ZGC from JDK 24) its generation and sequence
 * number:
 * <pre>
 *  Small   0x0000000000000000 0x0000000000200000 0x0000000000200000  Relocatable      (JDK 17)
 *  Small   0x0000000000000000 0x00000000001fc1f0 0x0000000000200000 O/2     Relocatable (JDK 25)
 * </pre>
 * Generational ZGC's heap is split by generation ({@code ZGC Young Generation},
 * {@code ZGC Old Generation}), the older ZGC's, which has no generations, by page size class
 * ({@code ZGC Small Pages}, {@code ZGC Medium Pages}, {@code ZGC Large Pages}); in both, what the
 * heap has mapped but no page holds (ZGC's page cache) is {@code ZGC Free}.
 *
 * <p>The offsets count from the heap's base: the power of two at or below the heap's lowest
 * address (ZGC reserves its heap there, and on JDK 17 the first of its three views, whose base
 * {@code VM.info} prints as {@code Offset Max}: the two must agree). ZGC
 * prints the table without a lock, walking its page table while pages come and go: each line is
 * one page as it was read, and where two lines claim the same memory (a page freed and its memory
 * reused while the table was printed) the memory is the lower-starting page's, so that each byte
 * lands in one row. A page type or generation not listed here, a line that does not parse, or a
 * page outside the heap refuses the whole table.
 */
public final class ZgcPageTable {
    static final String TITLE = "\nZGC Page Table:";
    /** The sub-regions of generational ZGC's heap, in the order they are published. */
    static final List<String> GENERATIONS = RowNames.ZGC_GENERATIONS;
    /** The sub-regions of the heap of ZGC without generations (JDK 17), in the order they are published. */
    static final List<String> SIZE_CLASSES = RowNames.ZGC_SIZE_CLASSES;
    private static final String[][] TYPES = {{"Small"}, {"Medium"}, {"Large"}};
    private static final String[][] GENERATION_MARKS = {{"Y"}, {"O"}};
    /** JDK 17's {@code ZGC Globals:} line {@code  Offset Max:        4096G (0x0000040000000000)}. */
    private static final String OFFSET_MAX = "\n Offset Max:";
    /** Type, start, top, end, and on generational ZGC the generation/sequence number. */
    private static final int FIELDS = 5;

    private ZgcPageTable() {
    }

    /**
     * The sub-regions of ZGC's heap, each with the ranges of its pages (possibly none), the last
     * the mapped memory in no page.
     *
     * @param vmInfo the output of {@code VM.info}
     * @param heap the heap region (the first view's reservation), whose ranges every page must lie in
     * @param mapped the heap's mapped ranges in the first view, sorted, from the memory maps
     * @throws IllegalArgumentException if the table is missing or not understood, saying why
     */
    public static List<Region> parse(String vmInfo, Region heap, List<AddressRange> mapped) {
        int table = vmInfo.indexOf(TITLE);
        if (table < 0) {
            throw new IllegalArgumentException("no 'ZGC Page Table:'");
        }
        Pages pages = new Pages();
        int[] cells = new int[2 * FIELDS];
        int at = vmInfo.indexOf('\n', table + 1) + 1;
        while (at > 0 && at < vmInfo.length() && vmInfo.charAt(at) == ' ') {
            int lineEnd = vmInfo.indexOf('\n', at);
            lineEnd = lineEnd < 0 ? vmInfo.length() : lineEnd;
            int fields = cells(vmInfo, at, lineEnd, cells);
            long start = TableCells.number(vmInfo, cells[2], cells[3], 16);
            long top = TableCells.number(vmInfo, cells[4], cells[5], 16);
            long end = TableCells.number(vmInfo, cells[6], cells[7], 16);
            if (fields < 4 || start < 0 || top < 0 || end <= start) {
                throw TableCells.notUnderstood(vmInfo, at, lineEnd);
            }
            int generation = -1;
            if (fields == FIELDS && cells[9] - cells[8] > 2 && vmInfo.charAt(cells[8] + 1) == '/') {
                generation = TableCells.kind(vmInfo, cells[8], cells[8] + 1, GENERATION_MARKS, "page generation");
            }
            int type = TableCells.kind(vmInfo, cells[0], cells[1], TYPES, "page type");
            pages.add(vmInfo, start, end, generation, type, at, lineEnd);
            at = lineEnd + 1;
        }
        if (pages.count == 0) {
            throw new IllegalArgumentException("an empty page table");
        }
        return pages.split(vmInfo, heap, mapped);
    }

    /**
     * The address {@code Offset Max} that ZGC without generations prints among its globals: the
     * bit of its first view (marked0), which is where heap offset 0 is mapped first; -1 if none.
     */
    private static long offsetMax(String vmInfo) {
        int line = vmInfo.indexOf(OFFSET_MAX);
        int lineEnd = line < 0 ? -1 : vmInfo.indexOf('\n', line + 1);
        int open = line < 0 ? -1 : vmInfo.indexOf('(', line);
        int close = open < 0 ? -1 : vmInfo.indexOf(')', open);
        if (close < 0 || lineEnd >= 0 && close > lineEnd) {
            return -1;
        }
        return TableCells.number(vmInfo, open + 1, close, 16);
    }

    /**
     * Finds the first {@link #FIELDS} blank-separated cells of the line from {@code from} to
     * {@code to}, their starts and ends in pairs into {@code cells} (empty cells at the line's end
     * past the last); returns how many there are, at most {@link #FIELDS}.
     */
    private static int cells(String text, int from, int to, int[] cells) {
        int found = 0;
        int at = from;
        while (found < FIELDS) {
            while (at < to && text.charAt(at) == ' ') {
                at++;
            }
            if (at == to) {
                break;
            }
            cells[2 * found] = at;
            while (at < to && text.charAt(at) != ' ') {
                at++;
            }
            cells[2 * found + 1] = at;
            found++;
        }
        Arrays.fill(cells, 2 * found, cells.length, to);
        return found;
    }

    /** The pages as listed: heap offsets, kind and line, in growing arrays (no object per page). */
    private static final class Pages {
        long[] starts = new long[256];
        long[] ends = new long[256];
        int[] kinds = new int[256];
        int[] lines = new int[512];
        int count;
        /** Whether the pages name their generation: decided by the first, the same for all. */
        boolean generational;
        boolean sorted = true;

        void add(String vmInfo, long start, long end, int generation, int type, int lineStart, int lineEnd) {
            if (count == 0) {
                generational = generation >= 0;
            } else if (generational != generation >= 0) {
                throw new IllegalArgumentException("pages with and without a generation, at: "
                        + vmInfo.substring(lineStart, lineEnd));
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, 2 * count);
                ends = Arrays.copyOf(ends, 2 * count);
                kinds = Arrays.copyOf(kinds, 2 * count);
                lines = Arrays.copyOf(lines, 4 * count);
            }
            sorted &= count == 0 || start >= starts[count - 1];
            starts[count] = start;
            ends[count] = end;
            kinds[count] = generational ? generation : type;
            lines[2 * count] = lineStart;
            lines[2 * count + 1] = lineEnd;
            count++;
        }

        List<Region> split(String vmInfo, Region heap, List<AddressRange> mapped) {
            if (!sorted) {
                sortByStart();
            }
            List<String> names = generational ? GENERATIONS : SIZE_CLASSES;
            int free = names.size() - 1;
            long base = Long.highestOneBit(heap.start());
            if (!generational) {
                long offsetMax = offsetMax(vmInfo);
                if (offsetMax != base) {
                    throw new IllegalArgumentException(String.format("the heap's first view at 0x%x, not at the"
                            + " Offset Max VM.info prints (%s)", base, offsetMax < 0 ? "none" : "0x"
                            + Long.toHexString(offsetMax)));
                }
            }
            RegionRuns runs = new RegionRuns(heap, names.size(), false);
            long claimed = 0;
            long index = 0;
            int m = 0;
            for (int p = 0; p < count; p++) {
                long bottom = Math.max(base + starts[p], claimed);
                long top = base + ends[p];
                if (bottom >= top) {
                    continue; // listed again or over a lower page while the table was printed: that page's
                }
                int lineStart = lines[2 * p];
                int lineEnd = lines[2 * p + 1];
                for (; m < mapped.size() && mapped.get(m).start() < bottom; m++) {
                    AddressRange range = mapped.get(m);
                    long from = Math.max(range.start(), claimed);
                    long to = Math.min(range.end(), bottom);
                    if (from < to) {
                        runs.add(index++, from, to, free, vmInfo, lineStart, lineEnd);
                    }
                    if (range.end() > bottom) {
                        break;
                    }
                }
                runs.add(index++, bottom, top, kinds[p], vmInfo, lineStart, lineEnd);
                claimed = top;
            }
            for (; m < mapped.size(); m++) {
                AddressRange range = mapped.get(m);
                long from = Math.max(range.start(), claimed);
                if (from < range.end()) {
                    runs.add(index++, from, range.end(), free, vmInfo, lines[2 * count - 2], lines[2 * count - 1]);
                }
            }
            return runs.subRegions(names);
        }

        /** Insertion sort by start, stable: the table is in address order but for pages that changed meanwhile. */
        private void sortByStart() {
            for (int i = 1; i < count; i++) {
                long start = starts[i];
                long end = ends[i];
                int kind = kinds[i];
                int lineStart = lines[2 * i];
                int lineEnd = lines[2 * i + 1];
                int j = i - 1;
                for (; j >= 0 && starts[j] > start; j--) {
                    starts[j + 1] = starts[j];
                    ends[j + 1] = ends[j];
                    kinds[j + 1] = kinds[j];
                    lines[2 * j + 2] = lines[2 * j];
                    lines[2 * j + 3] = lines[2 * j + 1];
                }
                starts[j + 1] = start;
                ends[j + 1] = end;
                kinds[j + 1] = kind;
                lines[2 * j + 2] = lineStart;
                lines[2 * j + 3] = lineEnd;
            }
        }
    }
}
