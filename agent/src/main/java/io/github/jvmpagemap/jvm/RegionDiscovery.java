package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.rows.RowNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Finds the JVM's regions from inside the JVM, without NMT: {@code GC.heap_info},
 * {@code VM.metaspace vslist}, {@code Compiler.codecache} and {@code VM.info} through the
 * diagnostic-command MBean, and ZGC's heap from the memory maps.
 *
 * <p>Some of those commands stop the world, so each source is read again only when the memory
 * pools say its part of the layout may have moved: a heap pool of Parallel or Serial changed
 * size (eden and the survivors move), or non-class metaspace outgrew its known nodes or lost
 * one. Code heaps, the class space and the CDS archive are fixed at start-up. ZGC's heap
 * comes from the maps, which every scan reads anyway. A source that failed or was not
 * recognised is tried again at most once a {@link #RETRY_PERIOD_NANOS minute}.
 */
public final class RegionDiscovery implements PooledSource {
    static final long RETRY_PERIOD_NANOS = 60_000_000_000L;

    private final DiagnosticCommands commands;
    private final long pageSize;
    private final LongSupplier nanoClock;

    private int discoveries;
    private HeapInfo heapInfo;
    private String heapProblem;
    private long[] heapCommitted;
    private MetaspaceNodes metaspace;
    private String metaspaceProblem;
    private List<Region> codeHeaps;
    private String codeProblem;
    private Optional<AddressRange> cds;
    private List<AddressRange> gcTables = List.of();
    private Optional<AddressRange> heapFromVmInfo;
    private String vmInfoProblem;
    private long heapRetryAt;
    private long metaspaceRetryAt;
    /** The layout as last made, kept while nothing was read since (and for ZGC, while the maps stay). */
    private RegionLayout made;
    private long madeFromMaps;

    public RegionDiscovery(DiagnosticCommands commands, long pageSize) {
        this(commands, pageSize, System::nanoTime);
    }

    RegionDiscovery(DiagnosticCommands commands, long pageSize, LongSupplier nanoClock) {
        this.commands = commands;
        this.pageSize = pageSize;
        this.nanoClock = nanoClock;
    }

    /** The current layout, reading again whatever the pools say may have changed. */
    @Override
    public RegionLayout refresh(MemoryMaps maps, PoolUsage pools) {
        if (cds == null) {
            readVmInfo();
            readCodeHeaps();
        }
        long now = nanoClock.getAsLong();
        if (heapProblem != null ? now - heapRetryAt >= 0
                : heapInfo == null || heapInfo.collector().hasMovingSpaces()
                        && !Arrays.equals(pools.heapCommitted(), heapCommitted)) {
            readHeap(pools);
            heapRetryAt = now + RETRY_PERIOD_NANOS;
        }
        if (metaspaceProblem != null ? now - metaspaceRetryAt >= 0
                : metaspace == null || metaspaceMoved(maps, pools)) {
            readMetaspace();
            metaspaceRetryAt = now + RETRY_PERIOD_NANOS;
        }
        // ZGC's heap comes from the maps; every other row only from what was read.
        boolean zgc = heapInfo != null && heapInfo.collector() == Collector.ZGC;
        if (made == null || zgc && maps.fingerprint() != madeFromMaps) {
            made = layout(maps);
            madeFromMaps = maps.fingerprint();
        }
        return made;
    }

    private boolean metaspaceMoved(MemoryMaps maps, PoolUsage pools) {
        if (pools.metaspaceNonClassCommitted() > metaspace.nonClassReserved()) {
            return true;
        }
        for (int i = 0; i < metaspace.nonClass().size(); i++) {
            if (!maps.isMapped(metaspace.nonClass().get(i).start())) {
                return true;
            }
        }
        return false;
    }

    private void readVmInfo() {
        try {
            String vmInfo = run("VM.info");
            cds = VmInfo.cdsArchive(vmInfo);
            gcTables = VmInfo.gcStructures(vmInfo);
            heapFromVmInfo = VmInfo.heap(vmInfo);
        } catch (RuntimeException e) {
            cds = Optional.empty();
            heapFromVmInfo = Optional.empty();
            vmInfoProblem = problem(RowNames.CDS_ARCHIVE, "VM.info", e);
        }
    }

    private void readCodeHeaps() {
        try {
            codeHeaps = CodeHeaps.parse(run("Compiler.codecache"));
            codeProblem = codeHeaps.isEmpty() ? RowNames.CODE_CACHE + ": Compiler.codecache output not recognised" : null;
        } catch (RuntimeException e) {
            codeHeaps = List.of();
            codeProblem = problem(RowNames.CODE_CACHE, "Compiler.codecache", e);
        }
    }

    private void readHeap(PoolUsage pools) {
        heapCommitted = pools.heapCommitted();
        try {
            heapInfo = HeapInfo.parse(run("GC.heap_info"));
            heapProblem = null;
        } catch (RuntimeException e) {
            heapInfo = null;
            heapProblem = problem(RowNames.JAVA_HEAP, "GC.heap_info", e);
        }
    }

    private void readMetaspace() {
        try {
            metaspace = MetaspaceNodes.parse(run("VM.metaspace vslist"));
            metaspaceProblem = metaspace.nonClass().isEmpty()
                    ? RowNames.METASPACE + ": VM.metaspace vslist output not recognised" : null;
        } catch (RuntimeException e) {
            metaspace = null;
            metaspaceProblem = problem(RowNames.METASPACE, "VM.metaspace", e);
        }
    }

    private String run(String command) {
        discoveries++;
        made = null;
        return commands.run(command);
    }

    private static String problem(String region, String command, RuntimeException e) {
        String reason = e instanceof DiagnosticCommandException ? e.getMessage() : command + " output not recognised (" + e + ")";
        return region + ": " + reason;
    }

    private RegionLayout layout(MemoryMaps maps) {
        List<Region> regions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Collector collector = heapInfo == null ? Collector.UNKNOWN : heapInfo.collector();
        heapRegion(maps, collector, problems).ifPresent(regions::add);
        if (metaspace != null && !metaspace.nonClass().isEmpty()) {
            regions.add(new Region(RowNames.METASPACE, metaspace.nonClass()));
        }
        if (metaspace != null && !metaspace.classSpace().isEmpty()) {
            regions.add(new Region(RowNames.CLASS_SPACE, metaspace.classSpace()));
        }
        if (!codeHeaps.isEmpty()) {
            List<AddressRange> all = codeHeaps.stream().flatMap(h -> h.ranges().stream()).toList();
            regions.add(new Region(RowNames.CODE_CACHE, all, codeHeaps, new long[0]));
        }
        cds.ifPresent(range -> regions.add(new Region(RowNames.CDS_ARCHIVE, List.of(range))));
        for (String p : new String[] {heapProblem, metaspaceProblem, codeProblem, vmInfoProblem}) {
            if (p != null) {
                problems.add(p);
            }
        }
        return new RegionLayout(regions.stream().map(r -> r.alignedTo(pageSize)).toList(), collector,
                List.copyOf(problems), discoveries, gcTables.stream().map(r -> r.pageAligned(pageSize)).toList());
    }

    private Optional<Region> heapRegion(MemoryMaps maps, Collector collector, List<String> problems) {
        if (collector == Collector.ZGC) {
            Optional<Region> zgc = ZgcHeapViews.find(maps);
            if (zgc.isEmpty()) {
                problems.add(RowNames.JAVA_HEAP + ": ZGC heap mappings (/memfd:java_heap) not found in the memory maps");
            }
            return zgc;
        }
        if (heapInfo != null && !heapInfo.reserved().isEmpty()) {
            return Optional.of(new Region(RowNames.JAVA_HEAP, heapInfo.reserved(), heapInfo.spaces(), new long[0]));
        }
        if (heapFromVmInfo != null && heapFromVmInfo.isPresent()) {
            if (heapProblem == null) {
                problems.add(RowNames.JAVA_HEAP + ": collector not recognised; heap range from VM.info, without spaces");
            }
            return Optional.of(new Region(RowNames.JAVA_HEAP, List.of(heapFromVmInfo.get())));
        }
        if (heapProblem == null) {
            problems.add(RowNames.JAVA_HEAP + ": collector not recognised and VM.info has no heap address");
        }
        return Optional.empty();
    }
}
