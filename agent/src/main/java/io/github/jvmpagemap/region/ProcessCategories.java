package io.github.jvmpagemap.region;

import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcessThreads;
import io.github.jvmpagemap.scan.MemoryWords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The layout of another source followed by the rest of the process, so that every mapping has a
 * row: {@code Thread Stacks}, {@code GC Structures} (found from the JVM by the source, moved
 * here), {@code Native Heap}, {@code Mapped Files} and {@code Other Native}. Each mapping outside
 * the JVM's regions is classified by the process's own evidence, without NMT:
 * <ul>
 * <li>threads' stacks as {@link ThreadStackFinder} finds them;
 * <li>native heap: glibc's {@code [heap]}, and anonymous memory whose headers say glibc mapped it
 *     ({@link GlibcMalloc}), with the reservation behind an arena's heap;
 * <li>a mapping with a path is a mapped file: {@code Shared Libraries} ({@code .so}),
 *     {@code JDK Modules} ({@code lib/modules}), {@code Other Files} (a memfd or System V segment
 *     is no file on disk and stays native);
 * <li>anything else is {@code Other Native}.
 * </ul>
 * With NMT on, the mappings it labels take its labels ({@link NativeMemoryTracking}): stacks, GC
 * tables, and any other tag as a sub-row of {@code Other Native}.
 * A mapping the JVM's regions cover in part is cut at their bounds. The kernel's {@code [vsyscall]}
 * page, above the process's address space, has no page table entry and no row. Classification is redone only
 * when the mappings or the threads changed; a mapping recognised by its headers keeps its verdict
 * while it keeps its bounds, so its memory is read once.
 */
public final class ProcessCategories implements LayoutSource {
    public static final String THREAD_STACKS = "Thread Stacks";
    public static final String JAVA_THREADS = "Java Threads";
    public static final String JVM_THREADS = "JVM Threads";
    public static final String GC_STRUCTURES = "GC Structures";
    public static final String NATIVE_HEAP = "Native Heap";
    public static final String MAPPED_FILES = "Mapped Files";
    public static final String SHARED_LIBRARIES = "Shared Libraries";
    public static final String JDK_MODULES = "JDK Modules";
    public static final String OTHER_FILES = "Other Files";
    public static final String OTHER_NATIVE = "Other Native";

    // Classes of a mapping piece, in the order of the rows.
    private static final int JAVA_STACK = ThreadStackFinder.JAVA_STACK;
    private static final int JVM_STACK = ThreadStackFinder.JVM_STACK;
    private static final int NATIVE = 2;
    private static final int LIBRARY = 3;
    private static final int MODULES = 4;
    private static final int FILE = 5;
    private static final int OTHER = 6;
    private static final int CLASSES = 7;

    private final LayoutSource source;
    private final ThreadStackFinder stackFinder;
    private final GlibcMalloc malloc;
    private final Runnable releaseMemory;
    private final long pageSize;

    private long fingerprint;
    private long[][] occupiedBefore;
    private List<Region> categories;
    private final List<String> problems = new ArrayList<>();
    /** Anonymous pieces whose memory was read: [start, end) and the native part found in them. */
    private long[][] verdicts = {new long[0], new long[0], new long[0], new long[0]};
    /** The verdicts of the classification under way, and the end of the arena reservation it is in. */
    private long[][] nextVerdicts;
    private int verdictCount;
    private long arenaReserveEnd;
    /** A malloc other than glibc's found among the libraries of the classification under way, or null. */
    private String otherAllocator;
    private final NativeMemoryTracking nmt;
    /** NMT's labels as last read, sorted by address; empty without NMT. */
    private List<NmtLabels.Label> labels = List.of();

    /**
     * @param memory reads glibc's headers; {@code releaseMemory} lets go of its descriptors
     * @param javaThreadNames the names of the live Java threads, asked when the threads changed
     */
    public ProcessCategories(LayoutSource source, ProcessThreads threads, MemoryWords memory, Runnable releaseMemory,
            Supplier<List<String>> javaThreadNames, long pageSize) {
        this(source, threads, memory, releaseMemory, javaThreadNames, new NativeMemoryTracking(null, 0, "off"),
                pageSize);
    }

    /** @param nmt where NMT's labels come from, when it is on */
    ProcessCategories(LayoutSource source, ProcessThreads threads, MemoryWords memory, Runnable releaseMemory,
            Supplier<List<String>> javaThreadNames, NativeMemoryTracking nmt, long pageSize) {
        this.source = source;
        this.nmt = nmt;
        this.stackFinder = new ThreadStackFinder(threads, javaThreadNames);
        this.malloc = new GlibcMalloc(memory);
        this.releaseMemory = releaseMemory;
        this.pageSize = pageSize;
    }

    @Override
    public RegionLayout refresh(MemoryMaps maps, PoolUsage pools) {
        RegionLayout layout = source.refresh(maps, pools);
        List<Region> jvm = new ArrayList<>();
        Region gc = new Region(GC_STRUCTURES, RowKind.PROCESS_CATEGORY, List.of(), List.of(), new long[0]);
        for (Region region : layout.regions()) {
            if (region.name().equals(GC_STRUCTURES)) {
                gc = region;
            } else {
                jvm.add(region);
            }
        }
        boolean threadsChanged = stackFinder.refreshThreads();
        long now = fingerprint(maps);
        long[][] occupied = occupied(layout.regions());
        boolean mapsChanged = categories == null || now != fingerprint;
        if (mapsChanged || threadsChanged || !Arrays.deepEquals(occupied, occupiedBefore)) {
            try {
                classify(maps, occupied, gc, mapsChanged);
            } finally {
                releaseMemory.run();
            }
            fingerprint = now;
            occupiedBefore = occupied;
        }
        List<Region> regions = new ArrayList<>(jvm);
        regions.addAll(categories);
        List<String> all = new ArrayList<>(layout.problems());
        all.addAll(problems);
        if (stackFinder.problem() != null) {
            all.add(stackFinder.problem());
        }
        return new RegionLayout(List.copyOf(regions), layout.collector(), List.copyOf(all),
                layout.discoveries() + nmt.reads(), stackFinder.groups());
    }

    /** Changes whenever a mapping appears, goes, moves, grows or changes its permissions. */
    private static long fingerprint(MemoryMaps maps) {
        long hash = maps.count();
        for (int i = 0; i < maps.count(); i++) {
            hash = hash * 31 + maps.start(i);
            hash = hash * 31 + maps.end(i);
            hash = hash * 31 + maps.permissions(i);
        }
        return hash;
    }

    private void classify(MemoryMaps maps, long[][] occupied, Region gc, boolean mapsChanged) {
        problems.clear();
        if (mapsChanged) {
            labels = nmt.read();
        }
        if (nmt.problem() != null) {
            problems.add(nmt.problem());
        }
        int[] stackClass = stackFinder.classify(maps);
        List<List<AddressRange>> ranges = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            ranges.add(new ArrayList<>());
        }
        List<AddressRange> gcRanges = new ArrayList<>(gc.ranges());
        TreeMap<String, List<AddressRange>> tagged = new TreeMap<>();
        nextVerdicts = new long[][] {new long[16], new long[16], new long[16], new long[16]};
        otherAllocator = null;
        verdictCount = 0;
        arenaReserveEnd = 0;
        int o = 0;
        int l = 0;
        for (int i = 0; i < maps.count() && maps.start(i) >= 0; i++) {
            long at = maps.start(i);
            long end = maps.end(i);
            while (at < end) {
                while (o < occupied[0].length && occupied[1][o] <= at) {
                    o++;
                }
                if (o < occupied[0].length && occupied[0][o] <= at) {
                    at = Math.min(end, occupied[1][o]);
                    continue;
                }
                long pieceEnd = o < occupied[0].length ? Math.min(end, occupied[0][o]) : end;
                while (l < labels.size() && labels.get(l).end() <= at) {
                    l++;
                }
                NmtLabels.Label label = null;
                if (l < labels.size()) {
                    if (labels.get(l).start() <= at) {
                        label = labels.get(l);
                        pieceEnd = Math.min(pieceEnd, label.end());
                    } else {
                        pieceEnd = Math.min(pieceEnd, labels.get(l).start());
                    }
                }
                NmtLabels.Use use = label == null ? NmtLabels.Use.JVM_REGION : label.use();
                switch (use) {
                    case STACK -> add(ranges.get(stackClass[i] >= 0 ? stackClass[i] : JVM_STACK), at, pieceEnd);
                    case GC -> add(gcRanges, at, pieceEnd);
                    case OTHER -> add(tagged.computeIfAbsent(label.name(), k -> new ArrayList<>()), at, pieceEnd);
                    case JVM_REGION -> classifyPiece(maps, i, at, pieceEnd, stackClass[i], ranges);
                }
                at = pieceEnd;
            }
        }
        for (int k = 0; k < 4; k++) {
            verdicts[k] = Arrays.copyOf(nextVerdicts[k], verdictCount);
        }
        if (otherAllocator != null) {
            problems.add(NATIVE_HEAP + ": " + otherAllocator + " is loaded: the memory its malloc serves is no glibc"
                    + " heap and counts as " + OTHER_NATIVE);
        }
        List<Region> nmtSubs = new ArrayList<>();
        tagged.forEach((name, tagRanges) -> nmtSubs.add(sub(name, tagRanges)));
        List<AddressRange> otherNative = new ArrayList<>(ranges.get(OTHER));
        nmtSubs.forEach(tag -> otherNative.addAll(tag.ranges()));
        categories = List.of(
                category(THREAD_STACKS, List.of(sub(JAVA_THREADS, ranges.get(JAVA_STACK)),
                        sub(JVM_THREADS, ranges.get(JVM_STACK)))),
                sub(GC_STRUCTURES, gcRanges),
                sub(NATIVE_HEAP, ranges.get(NATIVE)),
                category(MAPPED_FILES, List.of(sub(SHARED_LIBRARIES, ranges.get(LIBRARY)),
                        sub(JDK_MODULES, ranges.get(MODULES)), sub(OTHER_FILES, ranges.get(FILE)))),
                new Region(OTHER_NATIVE, RowKind.PROCESS_CATEGORY, otherNative, nmtSubs, new long[0]));
    }

    /** Classifies [at, pieceEnd) of mapping {@code i} by the process's own evidence. */
    private void classifyPiece(MemoryMaps maps, int i, long at, long pieceEnd, int stackClass,
            List<List<AddressRange>> ranges) {
        long end = maps.end(i);
        if (stackClass >= 0) {
            add(ranges.get(stackClass), at, pieceEnd);
        } else if (maps.kind(i) == MemoryMaps.FILE) {
            int fileClass = fileClass(maps.path(i));
            add(ranges.get(fileClass), at, pieceEnd);
            if (fileClass == LIBRARY && otherAllocator == null) {
                otherAllocator = otherAllocator(maps.path(i));
            }
        } else if (maps.kind(i) == MemoryMaps.PSEUDO) {
            add(ranges.get(maps.isBreakHeap(i) ? NATIVE : OTHER), at, pieceEnd);
        } else if (maps.kind(i) == MemoryMaps.ANONYMOUS && !maps.accessible(i) && at < arenaReserveEnd) {
            long reserved = Math.min(pieceEnd, arenaReserveEnd);
            add(ranges.get(NATIVE), at, reserved);
            add(ranges.get(OTHER), reserved, pieceEnd);
        } else if (maps.kind(i) == MemoryMaps.ANONYMOUS && (maps.permissions(i) & MemoryMaps.WRITE) != 0) {
            long[] nat = nativePart(at, pieceEnd);
            if (nat[2] != 0) {
                remember(at, pieceEnd, nat[0], nat[1]);
            }
            add(ranges.get(OTHER), at, nat[0]);
            add(ranges.get(NATIVE), nat[0], nat[1]);
            add(ranges.get(OTHER), nat[1], pieceEnd);
            if (nat[1] == pieceEnd && nat[0] % GlibcMalloc.HEAP_MAX_SIZE == 0 && nat[0] < nat[1] && pieceEnd == end) {
                arenaReserveEnd = nat[0] + GlibcMalloc.HEAP_MAX_SIZE;
            }
        } else {
            add(ranges.get(OTHER), at, pieceEnd);
        }
    }

    /** Keeps the verdict on [start, end) for the next classification. */
    private void remember(long start, long end, long nativeStart, long nativeEnd) {
        if (verdictCount == nextVerdicts[0].length) {
            for (int k = 0; k < 4; k++) {
                nextVerdicts[k] = Arrays.copyOf(nextVerdicts[k], verdictCount * 2);
            }
        }
        nextVerdicts[0][verdictCount] = start;
        nextVerdicts[1][verdictCount] = end;
        nextVerdicts[2][verdictCount] = nativeStart;
        nextVerdicts[3][verdictCount] = nativeEnd;
        verdictCount++;
    }

    /**
     * The native part of an anonymous writable piece: {@code {from, to, known}}, where known is 1
     * if the headers were read (or remembered), glibc's or not, and 0 if they could not be (not
     * resident): then they are read again when the piece is next classified.
     */
    private long[] nativePart(long start, long end) {
        int v = Arrays.binarySearch(verdicts[0], start);
        if (v >= 0 && verdicts[1][v] == end) {
            return new long[] {verdicts[2][v], verdicts[3][v], 1};
        }
        long arena = (start + GlibcMalloc.HEAP_MAX_SIZE - 1) / GlibcMalloc.HEAP_MAX_SIZE * GlibcMalloc.HEAP_MAX_SIZE;
        boolean read = true;
        if (arena < end) {
            if (malloc.isArenaHeap(arena, end)) {
                long chunks = malloc.mappedChunksEnd(start, arena, pageSize);
                return chunks == arena ? new long[] {start, end, 1} : new long[] {arena, end, 1};
            }
            read = !malloc.lastReadFailed();
        }
        long chunks = malloc.mappedChunksEnd(start, end, pageSize);
        read &= !malloc.lastReadFailed();
        return new long[] {start, chunks, read ? 1 : 0};
    }

    /** The file name of a library that replaces glibc's malloc (jemalloc, tcmalloc, mimalloc), or null. */
    static String otherAllocator(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        for (String allocator : new String[] {"libjemalloc", "libtcmalloc", "libmimalloc"}) {
            if (file.startsWith(allocator)) {
                return file.endsWith(" (deleted)") ? file.substring(0, file.length() - " (deleted)".length()) : file;
            }
        }
        return null;
    }

    private static int fileClass(String path) {
        String p = path.endsWith(" (deleted)") ? path.substring(0, path.length() - " (deleted)".length()) : path;
        if (p.startsWith("/memfd:") || p.startsWith("/SYSV") || p.startsWith("/dev/zero")) {
            return OTHER;
        }
        if (p.endsWith("/lib/modules")) {
            return MODULES;
        }
        String file = p.substring(p.lastIndexOf('/') + 1);
        int so = file.indexOf(".so");
        return so > 0 && (so + 3 == file.length() || file.charAt(so + 3) == '.') ? LIBRARY : FILE;
    }

    /** The JVM regions' ranges and views, sorted and merged: {@code {starts, ends}}. */
    private static long[][] occupied(List<Region> regions) {
        List<long[]> all = new ArrayList<>();
        for (Region region : regions) {
            for (AddressRange range : region.ranges()) {
                all.add(new long[] {range.start(), range.end()});
                for (long view : region.views()) {
                    all.add(new long[] {range.start() + view, range.end() + view});
                }
            }
        }
        all.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        long[] starts = new long[all.size()];
        long[] ends = new long[all.size()];
        int n = 0;
        for (long[] r : all) {
            if (n > 0 && Long.compareUnsigned(r[0], ends[n - 1]) <= 0) {
                ends[n - 1] = Math.max(ends[n - 1], r[1]);
            } else {
                starts[n] = r[0];
                ends[n] = r[1];
                n++;
            }
        }
        return new long[][] {Arrays.copyOf(starts, n), Arrays.copyOf(ends, n)};
    }

    /** Adds [from, to), joined to the last range where they touch. */
    private static void add(List<AddressRange> ranges, long from, long to) {
        if (from >= to) {
            return;
        }
        int last = ranges.size() - 1;
        if (last >= 0 && ranges.get(last).end() == from) {
            ranges.set(last, new AddressRange(ranges.get(last).start(), to));
        } else {
            ranges.add(new AddressRange(from, to));
        }
    }

    private static Region sub(String name, List<AddressRange> ranges) {
        return new Region(name, RowKind.PROCESS_CATEGORY, ranges, List.of(), new long[0]);
    }

    private static Region category(String name, List<Region> subs) {
        List<AddressRange> all = new ArrayList<>();
        for (Region sub : subs) {
            all.addAll(sub.ranges());
        }
        return new Region(name, RowKind.PROCESS_CATEGORY, all, subs, new long[0]);
    }
}
