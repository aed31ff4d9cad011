package io.github.jvmpagemap.process;

import io.github.jvmpagemap.jvm.DiagnosticCommands;
import io.github.jvmpagemap.jvm.JvmLayout;
import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.LayoutSource;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcessThreads;
import io.github.jvmpagemap.rows.RowNames;
import io.github.jvmpagemap.scan.MemoryWords;
import io.github.jvmpagemap.scan.ProcessMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The JVM's layout followed by the rest of the process, so that every mapping has a row:
 * {@code Thread Stacks}, {@code GC Structures}, {@code Native Heap}, {@code Mapped Files} and
 * {@code Other Native} ({@link CategoryRows}). Each piece of a mapping outside what the JVM reported
 * ({@link MappingPieces}) takes NMT's label where NMT is on and labels it
 * ({@link NativeMemoryTracking}), else is sorted by the process's own evidence
 * ({@link PieceClassifier}): threads' stacks, files, glibc's headers.
 *
 * <p>Classifying is redone only when the mappings, the threads or what the JVM reported changed;
 * most scans reuse the last rows.
 */
public final class ProcessCategories implements LayoutSource {
    private final LayoutSource jvm;
    private final ThreadStackFinder stackFinder;
    private final PieceClassifier classifier;
    private final Runnable releaseMemory;
    private final NativeMemoryTracking nmt;

    /**
     * What the last classification was made of: the fingerprint of the maps outside what the JVM
     * reported (a code heap or metaspace committing more changes no category), and what it reported.
     */
    private long fingerprint;
    private List<AddressRange> reportedBefore;
    /** The fingerprint being worked out, of these maps, by {@link #hashPiece}. */
    private long hash;
    private MemoryMaps hashed;
    private final MappingPieces.Visitor hashPiece = this::hashPiece;
    private List<Region> categories;
    /** The whole layout as last made, of the JVM's layout {@code jvmBefore} and the stacks' problem then. */
    private RegionLayout whole;
    private RegionLayout jvmBefore;
    private String stackProblemBefore;
    private final List<String> problems = new ArrayList<>();
    /** NMT's labels as last read, sorted by address; empty without NMT. */
    private List<NmtLabels.Label> labels = List.of();

    /**
     * @param memory reads glibc's headers; {@code releaseMemory} lets go of its descriptors
     * @param javaThreadNames the names of the live Java threads, asked when the threads changed
     */
    ProcessCategories(LayoutSource jvm, ProcessThreads threads, MemoryWords memory, Runnable releaseMemory,
            Supplier<List<String>> javaThreadNames, NativeMemoryTracking nmt, long pageSize) {
        this.jvm = jvm;
        this.nmt = nmt;
        this.stackFinder = new ThreadStackFinder(threads, javaThreadNames);
        this.classifier = new PieceClassifier(new MallocMemory(new GlibcMalloc(memory), pageSize));
        this.releaseMemory = releaseMemory;
    }

    /**
     * The whole process as the agent scans it: the JVM's layout ({@link JvmLayout}), asking the
     * JVM's diagnostic {@code commands}, and the rest of the process by category.
     */
    public static ProcessCategories of(DiagnosticCommands commands, ProcFiles proc, long pageSize) {
        ProcessMemory memory = new ProcessMemory(proc, pageSize);
        return new ProcessCategories(JvmLayout.of(commands, pageSize), new ProcessThreads(proc), memory,
                memory::release, ProcessCategories::javaThreadNames,
                new NativeMemoryTracking(commands, Runtime.version().feature(), NativeMemoryTracking.mode()), pageSize);
    }

    @Override
    public RegionLayout refresh(MemoryMaps maps) {
        RegionLayout layout = jvm.refresh(maps);
        boolean threadsChanged = stackFinder.refreshThreads();
        boolean jvmChanged = layout != jvmBefore;
        List<AddressRange> reported = jvmChanged ? reported(layout) : reportedBefore;
        long now = fingerprintOutside(maps, reported);
        boolean mapsChanged = categories == null || now != fingerprint;
        boolean reclassify = mapsChanged || threadsChanged || !reported.equals(reportedBefore);
        if (reclassify) {
            try {
                classify(maps, layout, reported, mapsChanged);
            } finally {
                releaseMemory.run();
            }
            fingerprint = now;
            reportedBefore = reported;
        }
        String stackProblem = stackFinder.problem();
        // An application whose maps, threads and layout stay as they were gets the same rows again.
        if (reclassify || jvmChanged || stackProblem != stackProblemBefore || whole == null) {
            List<Region> regions = new ArrayList<>(layout.regions());
            regions.addAll(categories);
            List<String> all = new ArrayList<>(layout.problems());
            all.addAll(problems);
            if (stackProblem != null) {
                all.add(stackProblem);
            }
            whole = new RegionLayout(List.copyOf(regions), layout.collector(), List.copyOf(all),
                    layout.discoveries() + nmt.reads(), layout.gcTables());
            jvmBefore = layout;
            stackProblemBefore = stackProblem;
        }
        return whole;
    }

    private void classify(MemoryMaps maps, RegionLayout layout, List<AddressRange> reported, boolean mapsChanged) {
        problems.clear();
        if (mapsChanged) {
            labels = nmt.read();
        }
        if (nmt.problem() != null) {
            problems.add(nmt.problem());
        }
        int[] stacks = stackFinder.classify(maps);
        Classification sorted = new Classification(layout.gcTables());
        classifier.begin();
        MappingPieces.visit(maps, reported, labels, (i, from, to, label) -> {
            if (label == null) {
                classifier.classify(maps, i, from, to, stacks[i], sorted);
                return;
            }
            switch (label.use()) {
                case STACK -> sorted.addLabelledStack(ThreadStackFinder.memoryClass(
                        stacks[i] >= 0 ? stacks[i] : ThreadStackFinder.JVM_STACK), from, to);
                case GC -> sorted.addLabelledGcTable(from, to);
                case OTHER -> sorted.addTagged(label.name(), from, to);
                case JVM_REGION -> classifier.classify(maps, i, from, to, stacks[i], sorted);
            }
        });
        classifier.end();
        if (classifier.otherAllocator() != null) {
            problems.add(RowNames.NATIVE_HEAP + ": " + classifier.otherAllocator() + " is loaded: the memory its"
                    + " malloc serves is no glibc heap and counts as " + RowNames.OTHER_NATIVE);
        }
        categories = CategoryRows.of(sorted, stackFinder.groups());
    }

    /**
     * A hash of the pieces of the mappings outside {@code reported}, their bounds and permissions:
     * it changes whenever one appears, goes, moves, grows or changes its permissions.
     */
    private long fingerprintOutside(MemoryMaps maps, List<AddressRange> reported) {
        hashed = maps;
        hash = maps.count();
        MappingPieces.visit(maps, reported, List.of(), hashPiece);
        hashed = null;
        return hash;
    }

    private void hashPiece(int mapping, long from, long to, NmtLabels.Label label) {
        hash = ((hash * 31 + from) * 31 + to) * 31 + hashed.permissions(mapping);
    }

    /** What the JVM reported: its regions' ranges and views, and its collector's side tables, sorted and merged. */
    private static List<AddressRange> reported(RegionLayout layout) {
        List<AddressRange> all = new ArrayList<>(layout.gcTables());
        for (Region region : layout.regions()) {
            for (AddressRange range : region.ranges()) {
                all.add(range);
                for (long view : region.views()) {
                    all.add(new AddressRange(range.start() + view, range.end() + view));
                }
            }
        }
        all.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        List<AddressRange> merged = new ArrayList<>();
        for (AddressRange r : all) {
            int last = merged.size() - 1;
            if (last >= 0 && Long.compareUnsigned(r.start(), merged.get(last).end()) <= 0) {
                merged.set(last, new AddressRange(merged.get(last).start(),
                        Math.max(merged.get(last).end(), r.end())));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    /** The names of the live Java threads, as the JVM's thread bean lists them. */
    private static List<String> javaThreadNames() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        List<String> names = new ArrayList<>();
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info != null) {
                names.add(info.getThreadName());
            }
        }
        return names;
    }
}
