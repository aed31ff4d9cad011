package io.github.jvmpagemap.samples.it.jvm;

import io.github.jvmpagemap.samples.it.kernel.Maps;
import io.github.jvmpagemap.samples.it.kernel.Range;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's region layout read from outside it, by the tests' own small parser of the JVM's own
 * diagnostic commands (no NMT needed, as users run): {@code GC.heap_info} for the heap and the
 * spaces of Parallel and Serial, {@code VM.metaspace vslist} for metaspace and the class space,
 * {@code Compiler.codecache} for the code heaps, {@code VM.info} for the CDS archive and G1's
 * and Shenandoah's region kinds ({@link HeapRegionTable}), and for ZGC the
 * {@code /memfd:java_heap} mappings of /proc/<pid>/maps. It knows the outputs of JDK 17 and 25
 * for G1, Parallel, Serial, ZGC and Shenandoah, and nothing more: anything else is an error, so
 * that the agent's own parsers are never what the tests compare the agent with.
 */
public final class LayoutOracle {
    static final long PAGE = 4096;
    private static final Pattern ADDRESS = Pattern.compile("0x(\\p{XDigit}+)");
    // - node #0: base 0x00007f3baf000000: reserved=65536.00 KB, committed=192.00 KB ...
    private static final Pattern NODE = Pattern.compile("node #\\d+: base 0x(\\p{XDigit}+): reserved=([\\d.]+) (\\w+)");
    private static final Map<String, Long> UNITS = Map.of("bytes", 1L, "KB", 1L << 10, "MB", 1L << 20, "GB", 1L << 30);

    private LayoutOracle() {
    }

    /** The layout these outputs describe; {@code maps} is needed for ZGC only. */
    public static Layout parse(String heapInfo, String vslist, String codecache, String vmInfo, Maps maps) {
        List<Region> regions = new ArrayList<>();
        regions.add(heapInfo.contains("ZHeap") ? zgcHeap(maps, vmInfo) : heap(heapInfo, vmInfo));
        regions.add(new Region(Region.METASPACE, nodes(vslist, "vsl non-class-space")));
        regions.add(new Region(Region.CLASS_SPACE, nodes(vslist, "vsl class-space")));
        List<Region> codeHeaps = codeHeaps(codecache);
        regions.add(new Region(Region.CODE_CACHE, sorted(codeHeaps.stream().flatMap(h -> h.ranges().stream()).toList()),
                codeHeaps, new long[0]));
        Matcher cds = Pattern.compile("CDS archive\\(s\\) mapped at: \\[(.*)\\)").matcher(vmInfo);
        if (!cds.find()) {
            throw new IllegalStateException("no CDS archive in VM.info");
        }
        regions.add(new Region(Region.CDS_ARCHIVE, List.of(firstToLast(cds.group(1)))));
        return new Layout(regions);
    }

    /**
     * The heap: G1 and Shenandoah one range split by the region table in {@code vmInfo}, Parallel
     * and Serial two generations and their spaces.
     */
    public static Region heap(String heapInfo, String vmInfo) {
        List<String> lines = heapInfo.lines().map(String::trim).toList();
        Range heap = null;
        Range eden = null;
        List<Range> survivors = new ArrayList<>();
        Range old = null;
        Range young = null;
        String prefix = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("garbage-first heap")) {
                heap = firstToLast(line);
            } else if (line.equals("Reserved region:")) { // Shenandoah
                heap = firstToLast(lines.get(i + 1));
            } else if (line.startsWith("PSYoungGen") || line.startsWith("def new generation")
                    || line.startsWith("DefNew")) {
                prefix = line.startsWith("PS") ? "PS " : "";
                young = firstToLast(line);
            } else if (line.startsWith("ParOldGen") || line.startsWith("tenured generation")
                    || line.startsWith("Tenured")) {
                old = firstToLast(line);
            } else if (line.startsWith("eden space")) {
                eden = firstToLast(line);
            } else if (line.startsWith("from space") || line.startsWith("to ")) {
                survivors.add(firstToLast(line));
            }
        }
        if (heap != null && heapInfo.contains("garbage-first heap")) {
            return new Region(Region.JAVA_HEAP, List.of(heap), HeapRegionTable.g1(vmInfo), new long[0]);
        }
        if (heap != null && heapInfo.contains("Shenandoah Heap")) {
            return new Region(Region.JAVA_HEAP, List.of(heap), HeapRegionTable.shenandoah(vmInfo), new long[0]);
        }
        if (heap != null) {
            return new Region(Region.JAVA_HEAP, List.of(heap));
        }
        if (young == null || old == null || eden == null || survivors.size() != 2) {
            throw new IllegalStateException("GC.heap_info not understood:\n" + heapInfo);
        }
        Range whole = new Range(Math.min(young.start(), old.start()), Math.max(young.end(), old.end()));
        List<Region> spaces = List.of(new Region(prefix + "Eden Space", List.of(eden)),
                new Region(prefix + "Survivor Space", sorted(survivors)),
                new Region(prefix.isEmpty() ? "Tenured Gen" : "PS Old Gen", List.of(old)));
        return new Region(Region.JAVA_HEAP, List.of(whole), spaces, new long[0]);
    }

    /** The nodes listed after {@code list} (a {@code vsl ...:} line) up to the next list. */
    public static List<Range> nodes(String vslist, String list) {
        List<Range> nodes = new ArrayList<>();
        boolean inside = false;
        for (String line : vslist.lines().map(String::trim).toList()) {
            if (line.startsWith("vsl ")) {
                inside = line.startsWith(list + ":");
            }
            Matcher m = NODE.matcher(line);
            if (inside && m.find()) {
                long base = Long.parseUnsignedLong(m.group(1), 16);
                long size = (long) (Double.parseDouble(m.group(2)) * UNITS.get(m.group(3)));
                nodes.add(aligned(new Range(base, base + size)));
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalStateException("no nodes under '" + list + "' in:\n" + vslist);
        }
        return sorted(nodes);
    }

    /** Each code heap, named by its header, from its bounds' low to its reserved high. */
    public static List<Region> codeHeaps(String codecache) {
        List<Region> heaps = new ArrayList<>();
        List<String> lines = codecache.lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String next = lines.get(i + 1).trim();
            if (lines.get(i).startsWith("CodeHeap '") && next.startsWith("bounds [")) {
                heaps.add(new Region(lines.get(i).substring(0, lines.get(i).indexOf("': ") + 1),
                        List.of(firstToLast(next))));
            }
        }
        if (heaps.isEmpty()) {
            throw new IllegalStateException("no code heaps in:\n" + codecache);
        }
        return heaps;
    }

    /**
     * ZGC's heap from the maps: each page of the memfd {@code java_heap} (one file offset) is
     * mapped at the lowest address in the first view and, on JDK 17, again in two more views; the
     * reservation is the first view's mappings with the inaccessible anonymous mappings beside them.
     * Its pages from {@code vmInfo}'s page table ({@link HeapRegionTable#zgc}), on JDK 17 with the
     * heap's views.
     */
    public static Region zgcHeap(Maps maps, String vmInfo) {
        Map<Long, Maps.Mapping> lowestByOffset = new HashMap<>();
        List<Maps.Mapping> heap = maps.mappings().stream().filter(m -> m.path().startsWith("/memfd:java_heap")).toList();
        for (Maps.Mapping m : heap) {
            lowestByOffset.merge(m.offset(), m, (a, b) -> a.start() <= b.start() ? a : b);
        }
        TreeSet<Long> views = new TreeSet<>();
        for (Maps.Mapping m : heap) {
            Maps.Mapping first = lowestByOffset.get(m.offset());
            if (first != m) {
                views.add(m.start() - first.start());
            }
        }
        List<Range> reserved = new ArrayList<>();
        List<Maps.Mapping> all = maps.mappings();
        for (int i = 0; i < all.size(); i++) {
            if (!lowestByOffset.containsValue(all.get(i))) {
                continue;
            }
            int from = i;
            while (from > 0 && reservedBeside(all.get(from - 1), all.get(from), lowestByOffset)) {
                from--;
            }
            int to = i;
            while (to + 1 < all.size() && reservedBeside(all.get(to + 1), all.get(to), lowestByOffset)) {
                to++;
            }
            reserved.add(new Range(all.get(from).start(), all.get(to).end()));
            i = to;
        }
        if (reserved.isEmpty()) {
            throw new IllegalStateException("no /memfd:java_heap mappings: " + maps);
        }
        long[] offsets = views.stream().mapToLong(Long::longValue).toArray();
        List<Range> mapped = sorted(lowestByOffset.values().stream().filter(Maps.Mapping::accessible)
                .map(m -> new Range(m.start(), m.end())).toList());
        List<Region> pages = HeapRegionTable.zgc(vmInfo, reserved.get(0).start(), mapped).stream()
                .map(p -> new Region(p.name(), p.ranges(), List.of(), offsets)).toList();
        return new Region(Region.JAVA_HEAP, reserved, pages, offsets);
    }

    /** True if {@code m}, adjacent to {@code neighbour}, belongs to the first view's reservation. */
    private static boolean reservedBeside(Maps.Mapping m, Maps.Mapping neighbour, Map<Long, Maps.Mapping> firstView) {
        boolean adjacent = m.end() == neighbour.start() || neighbour.end() == m.start();
        boolean reservedOnly = !m.accessible() && m.path().isEmpty();
        return adjacent && (reservedOnly || firstView.containsValue(m));
    }

    /** From the first address on the line to the last, widened to whole pages. */
    public static Range firstToLast(String line) {
        Matcher m = ADDRESS.matcher(line);
        long first = -1;
        long last = -1;
        while (m.find()) {
            last = Long.parseUnsignedLong(m.group(1), 16);
            first = first == -1 ? last : first;
        }
        if (first == -1) {
            throw new IllegalStateException("no addresses in: " + line);
        }
        return aligned(new Range(first, last));
    }

    private static Range aligned(Range r) {
        return new Range(r.start() / PAGE * PAGE, (r.end() + PAGE - 1) / PAGE * PAGE);
    }

    private static List<Range> sorted(List<Range> ranges) {
        return ranges.stream().sorted((a, b) -> Long.compareUnsigned(a.start(), b.start())).toList();
    }
}
