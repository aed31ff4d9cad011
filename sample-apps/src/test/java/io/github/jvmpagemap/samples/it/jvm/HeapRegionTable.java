package io.github.jvmpagemap.samples.it.jvm;

import io.github.jvmpagemap.samples.it.kernel.Range;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A heap split by its collector's regions, the tests' own reading of the {@code Heap Regions:}
 * table that the JVM's {@code VM.info} prints: for G1 one line per committed region
 * ({@code |  12|0x...bottom, 0x...top, 0x...end|100%| O|...}) grouped under the names the
 * agent publishes for the types (eden, survivor, old with JDK 17's archive regions, humongous
 * starts and continues, free); for Shenandoah one line per region ({@code |    0|R  |BTE  bottom, top, end|...}, on
 * JDK 21+ with {@code |Y|} before {@code BTE}) grouped as regular, humongous, collection set,
 * trash and free, uncommitted regions in none. For ZGC the {@code ZGC Page Table:} of the same
 * output, one line per page ({@code  Small   0x...start 0x...top 0x...end}, generational ZGC adding
 * {@code Y/6} or {@code O/2}), by generation where the lines name one, else by size class, with
 * the heap's mapped memory that no page holds as free. A type or state it does not know is an error.
 */
public final class HeapRegionTable {
    public static final String EDEN = "G1 Eden Space";
    public static final String REGULAR = "Shenandoah Regular";
    public static final List<String> G1 = List.of(EDEN, "G1 Survivor Space", "G1 Old Gen", "G1 Humongous", "G1 Free");
    public static final List<String> SHENANDOAH = List.of(REGULAR, "Shenandoah Humongous", "Shenandoah Collection Set",
            "Shenandoah Trash", "Shenandoah Free");
    public static final String ZGC_YOUNG = "ZGC Young Generation";
    public static final String ZGC_SMALL = "ZGC Small Pages";
    public static final String ZGC_FREE = "ZGC Free";
    public static final List<String> ZGC_GENERATIONS = List.of(ZGC_YOUNG, "ZGC Old Generation", ZGC_FREE);
    public static final List<String> ZGC_SIZE_CLASSES = List.of(ZGC_SMALL, "ZGC Medium Pages", "ZGC Large Pages", ZGC_FREE);
    /** The rows where the application allocates, which gain pages while a test looks. */
    public static final List<String> ALLOCATING = List.of(EDEN, REGULAR, ZGC_YOUNG, ZGC_SMALL);
    private static final Pattern G1_LINE = Pattern.compile(
            "^\\|\\s*\\d+\\|0x(\\p{XDigit}+), 0x\\p{XDigit}+, 0x(\\p{XDigit}+)\\|\\s*\\d+%\\|\\s*([A-Z]+)\\|");
    private static final Pattern SHENANDOAH_LINE = Pattern.compile(
            "^\\|\\s*\\d+\\|([A-Z]+)\\s*\\|(?:[A-Z]\\|)?BTE\\s+(\\p{XDigit}+),\\s+\\p{XDigit}+,\\s+(\\p{XDigit}+)\\|");
    private static final Pattern ZGC_LINE = Pattern.compile(
            "^ (\\w+)\\s+0x(\\p{XDigit}+) 0x\\p{XDigit}+ 0x(\\p{XDigit}+)(?: ([YO])/\\d+)?(?:\\s+\\w+)*\\s*$");
    // Offset Max:        4096G (0x0000040000000000)
    private static final Pattern OFFSET_MAX = Pattern.compile("Offset Max:\\s+\\d+[KMGT] \\(0x(\\p{XDigit}+)\\)");

    private HeapRegionTable() {
    }

    /** True if {@code region}'s sub-regions are a collector's region types (which change as the app runs). */
    public static boolean splitsByRegionType(Region region) {
        List<String> names = region.subRegions().stream().map(Region::name).toList();
        return names.equals(G1) || names.equals(SHENANDOAH) || names.equals(ZGC_GENERATIONS)
                || names.equals(ZGC_SIZE_CLASSES);
    }

    /** G1's five types, each with the address ranges of its regions (adjacent ones joined). */
    public static List<Region> g1(String vmInfo) {
        Map<String, List<Range>> byName = byName(G1);
        for (String line : regionLines(vmInfo)) {
            Matcher m = G1_LINE.matcher(line);
            if (!m.find()) {
                throw new IllegalStateException("G1 region line not understood: " + line);
            }
            String name = switch (m.group(3)) {
                case "E" -> EDEN;
                case "S" -> "G1 Survivor Space";
                case "O", "OA", "CA" -> "G1 Old Gen";
                case "HS", "HC" -> "G1 Humongous";
                case "F" -> "G1 Free";
                default -> throw new IllegalStateException("G1 region type " + m.group(3) + " unknown to the tests");
            };
            add(byName.get(name), m.group(1), m.group(2));
        }
        return regions(byName);
    }

    /** Shenandoah's five kinds of committed region, each with the address ranges of its regions. */
    public static List<Region> shenandoah(String vmInfo) {
        Map<String, List<Range>> byName = byName(SHENANDOAH);
        for (String line : regionLines(vmInfo)) {
            Matcher m = SHENANDOAH_LINE.matcher(line);
            if (!m.find()) {
                throw new IllegalStateException("Shenandoah region line not understood: " + line);
            }
            String name = switch (m.group(1)) {
                case "EU" -> null;
                case "R", "P" -> REGULAR;
                case "H", "HP", "HC" -> "Shenandoah Humongous";
                case "CS", "CSP" -> "Shenandoah Collection Set";
                case "TR" -> "Shenandoah Trash";
                case "EC" -> "Shenandoah Free";
                default -> throw new IllegalStateException("Shenandoah region state " + m.group(1)
                        + " unknown to the tests");
            };
            if (name != null) {
                add(byName.get(name), m.group(2), m.group(3));
            }
        }
        return regions(byName);
    }

    /**
     * ZGC's pages by generation (lines with {@code Y/} or {@code O/}) or by size class, and free:
     * {@code mapped}, the heap's mappings in the first view, less the pages. Page offsets count
     * from the first view's base: on JDK 17 the {@code Offset Max} that VM.info prints (the marked0
     * bit), on generational ZGC the start of the heap's reservation, {@code reservationStart}.
     */
    public static List<Region> zgc(String vmInfo, long reservationStart, List<Range> mapped) {
        List<String> lines = vmInfo.lines().toList();
        int title = lines.indexOf("ZGC Page Table:");
        if (title < 0) {
            throw new IllegalStateException("no 'ZGC Page Table:' in VM.info");
        }
        List<String> pages = lines.subList(title + 1, lines.size()).stream().takeWhile(l -> l.startsWith(" ")).toList();
        if (pages.isEmpty()) {
            throw new IllegalStateException("an empty page table");
        }
        boolean generational = pages.get(0).contains("/");
        long base = reservationStart;
        if (!generational) {
            Matcher max = OFFSET_MAX.matcher(vmInfo);
            if (!max.find()) {
                throw new IllegalStateException("no 'Offset Max' in VM.info of ZGC without generations");
            }
            base = Long.parseUnsignedLong(max.group(1), 16);
        }
        Map<String, List<Range>> byName = byName(generational ? ZGC_GENERATIONS : ZGC_SIZE_CLASSES);
        List<Range> taken = new ArrayList<>();
        for (String line : pages) {
            Matcher m = ZGC_LINE.matcher(line);
            if (!m.find() || generational != (m.group(4) != null)) {
                throw new IllegalStateException("ZGC page line not understood: " + line);
            }
            String name = generational ? (m.group(4).equals("Y") ? ZGC_YOUNG : "ZGC Old Generation")
                    : switch (m.group(1)) {
                        case "Small" -> ZGC_SMALL;
                        case "Medium" -> "ZGC Medium Pages";
                        case "Large" -> "ZGC Large Pages";
                        default -> throw new IllegalStateException("ZGC page type " + m.group(1) + " unknown to the tests");
                    };
            Range page = new Range(base + Long.parseUnsignedLong(m.group(2), 16), base + Long.parseUnsignedLong(m.group(3), 16));
            add(byName.get(name), page);
            taken.add(page);
        }
        taken.sort((a, b) -> Long.compare(a.start(), b.start()));
        for (Range map : mapped) {
            long at = map.start();
            for (Range page : taken) {
                if (page.end() <= at || page.start() >= map.end()) {
                    continue;
                }
                if (page.start() > at) {
                    add(byName.get(ZGC_FREE), new Range(at, page.start()));
                }
                at = Math.max(at, page.end());
            }
            if (at < map.end()) {
                add(byName.get(ZGC_FREE), new Range(at, map.end()));
            }
        }
        return regions(byName);
    }

    /** The lines starting with '|' after the 'Heap Regions:' title and its legend. */
    private static List<String> regionLines(String vmInfo) {
        List<String> lines = vmInfo.lines().toList();
        int title = lines.indexOf(lines.stream().filter(l -> l.startsWith("Heap Regions:")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no 'Heap Regions:' table in VM.info")));
        List<String> regions = new ArrayList<>();
        for (String line : lines.subList(title + 1, lines.size())) {
            if (line.startsWith("|")) {
                regions.add(line);
            } else if (!regions.isEmpty()) {
                break;
            }
        }
        if (regions.isEmpty()) {
            throw new IllegalStateException("an empty region table");
        }
        return regions;
    }

    private static Map<String, List<Range>> byName(List<String> names) {
        Map<String, List<Range>> byName = new LinkedHashMap<>();
        for (String name : names) {
            byName.put(name, new ArrayList<>());
        }
        return byName;
    }

    private static void add(List<Range> ranges, String bottom, String end) {
        add(ranges, new Range(Long.parseUnsignedLong(bottom, 16), Long.parseUnsignedLong(end, 16)));
    }

    private static void add(List<Range> ranges, Range region) {
        Range last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (last != null && last.end() == region.start()) {
            ranges.set(ranges.size() - 1, new Range(last.start(), region.end()));
        } else {
            ranges.add(region);
        }
    }

    private static List<Region> regions(Map<String, List<Range>> byName) {
        return byName.entrySet().stream().map(e -> new Region(e.getKey(), List.copyOf(e.getValue()))).toList();
    }
}
