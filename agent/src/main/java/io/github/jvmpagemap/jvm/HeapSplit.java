package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.rows.RowNames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The layout of another source with the heap split by what the collector uses each of its regions
 * for, from {@code VM.info}'s region table: G1's {@code G1 Eden Space}, {@code G1 Survivor Space},
 * {@code G1 Old Gen}, {@code G1 Humongous} and {@code G1 Free} ({@link G1HeapRegions}),
 * Shenandoah's regular, humongous, collection-set, trash and free regions
 * ({@link ShenandoahHeapRegions}); ZGC's pages by generation or, without generations, by size
 * class, and its mapped memory in no page ({@link ZgcPageTable}). Other collectors' layouts pass
 * unchanged.
 *
 * <p>Region types change at every collection, whenever a free region is taken for allocation and
 * whenever a humongous object is allocated; each of these changes a heap pool's use or a
 * collector's count, so the table is read again exactly when one of those changed since the last
 * read (or the heap's range did, or for ZGC its mapped memory): an idle application pays for no
 * read. {@code VM.info} prints the table without a safepoint (G1's under the heap lock).
 *
 * <p>The read itself allocates (the command's output is a string of 100-330 KB), which changes a
 * pool's use: Shenandoah's use grows with every buffer a thread takes, so a baseline taken before
 * the read made every next scan read again, for ever, in an idle application. The pools' use and
 * size are therefore taken again right after the read; the collection count stays the one from
 * before it, so a collection during the read is read at the next scan. A region taken by another
 * thread in the milliseconds between the table's printing and that second look is seen at the
 * pools' next change.
 *
 * <p>A table that cannot be understood leaves the heap unsplit, with one problem line saying why,
 * and is not read again (a format does not change while the JVM runs); a command that failed is
 * tried again at most once a {@link RegionDiscovery#RETRY_PERIOD_NANOS minute}.
 */
final class HeapSplit implements PooledSource {
    private final PooledSource source;
    private final DiagnosticCommands commands;
    private final LongSupplier nanoClock;
    private final Supplier<PoolUsage> poolsNow;

    private List<Region> types;
    /** What the split covers: the heap's ranges, or for ZGC its mapped memory, at the last read. */
    private List<AddressRange> splitHeap;
    private PoolUsage readAt;
    private String problem;
    private boolean unrecognised;
    private long retryAt;
    private int reads;
    /** The layout as last split, and the source's it was made of: kept while neither changes. */
    private RegionLayout split;
    private RegionLayout splitOf;

    HeapSplit(PooledSource source, DiagnosticCommands commands) {
        this(source, commands, System::nanoTime, PoolUsage::current);
    }

    HeapSplit(PooledSource source, DiagnosticCommands commands, LongSupplier nanoClock, Supplier<PoolUsage> poolsNow) {
        this.source = source;
        this.commands = commands;
        this.nanoClock = nanoClock;
        this.poolsNow = poolsNow;
    }

    @Override
    public RegionLayout refresh(MemoryMaps maps, PoolUsage pools) {
        RegionLayout layout = source.refresh(maps, pools);
        int h = heapIndex(layout);
        Collector collector = layout.collector();
        if (collector != Collector.G1 && collector != Collector.SHENANDOAH && collector != Collector.ZGC || h < 0) {
            return layout;
        }
        Region heap = layout.regions().get(h);
        List<AddressRange> covered = collector == Collector.ZGC ? ZgcHeapViews.mapped(maps, heap) : heap.ranges();
        if (needsRead(covered, pools)) {
            read(collector, heap, covered, pools);
        } else if (layout == splitOf) {
            return split;
        }
        List<Region> regions = new ArrayList<>(layout.regions());
        List<String> problems = new ArrayList<>(layout.problems());
        if (problem != null) {
            problems.add(problem);
        } else {
            regions.set(h, heap.withSubRegions(types));
        }
        split = new RegionLayout(List.copyOf(regions), layout.collector(), List.copyOf(problems),
                layout.discoveries() + reads, layout.gcTables());
        splitOf = layout;
        return split;
    }

    private static int heapIndex(RegionLayout layout) {
        for (int i = 0; i < layout.regions().size(); i++) {
            if (layout.regions().get(i).name().equals(RowNames.JAVA_HEAP)) {
                return i;
            }
        }
        return -1;
    }

    private boolean needsRead(List<AddressRange> covered, PoolUsage pools) {
        if (unrecognised) {
            return false;
        }
        if (problem != null) {
            return nanoClock.getAsLong() - retryAt >= 0;
        }
        return types == null || !covered.equals(splitHeap) || !pools.sameHeapAs(readAt);
    }

    private void read(Collector collector, Region heap, List<AddressRange> covered, PoolUsage pools) {
        reads++;
        types = null;
        try {
            String vmInfo = commands.run("VM.info");
            types = switch (collector) {
                case G1 -> G1HeapRegions.parse(vmInfo, heap);
                case SHENANDOAH -> ShenandoahHeapRegions.parse(vmInfo, heap);
                default -> ZgcPageTable.parse(vmInfo, heap, covered);
            };
            splitHeap = covered;
            readAt = afterRead(pools);
            problem = null;
        } catch (DiagnosticCommandException e) {
            problem = unsplit(collector, e.getMessage());
            retryAt = nanoClock.getAsLong() + RegionDiscovery.RETRY_PERIOD_NANOS;
        } catch (RuntimeException e) {
            problem = unsplit(collector, "VM.info's " + unit(collector) + " table not recognised (" + e.getMessage()
                    + ")");
            unrecognised = true;
        }
    }

    /** The baseline of the next comparison: the pools as the read left them, unless a collection ran meanwhile. */
    private PoolUsage afterRead(PoolUsage before) {
        PoolUsage after = poolsNow.get();
        return after.collections() == before.collections() ? after : before;
    }

    private static String unsplit(Collector collector, String reason) {
        return RowNames.JAVA_HEAP + ": not split by " + collector + " " + unit(collector) + " type: " + reason;
    }

    /** What the collector's table lists: ZGC's pages, the others' regions. */
    private static String unit(Collector collector) {
        return collector == Collector.ZGC ? "page" : "region";
    }
}
