package io.github.jvmpagemap.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.rows.RowNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapSplitTest {
    private static final Region METASPACE = new Region(RowNames.METASPACE,
            List.of(new AddressRange(0x7f0000000000L, 0x7f0004000000L)));
    private static final PoolUsage IDLE = pools(new long[] {9, 5, 200}, 3);

    private final MemoryMaps maps = new MemoryMaps();
    private final List<String> calls = new ArrayList<>();
    private String vmInfo = G1HeapRegionsTest.table("jdk25");
    private long now;
    /** The pools as the scan read them before the split's refresh. */
    private PoolUsage scanned;
    /** The pools as a read of the table leaves them; by default as the scan read them. */
    private PoolUsage afterRead;

    private static PoolUsage pools(long[] usedMib, long collections) {
        return new PoolUsage(0, new long[] {14, 5, 180}, Arrays.stream(usedMib).map(m -> m << 20).toArray(),
                collections);
    }

    private HeapSplit split(Collector collector) {
        return split(collector, G1HeapRegionsTest.HEAP);
    }

    private HeapSplit split(Collector collector, Region heap) {
        PooledSource discovered = (m, p) -> {
            scanned = p;
            return new RegionLayout(List.of(heap, METASPACE), collector, List.of(), 4);
        };
        DiagnosticCommands commands = command -> {
            calls.add(command);
            if (vmInfo == null) {
                throw new DiagnosticCommandException("diagnostic command VM.info failed: testing", null);
            }
            return vmInfo;
        };
        return new HeapSplit(discovered, commands, () -> now, () -> afterRead != null ? afterRead : scanned);
    }

    @Test
    void givesG1sHeapItsFiveTypesAndLeavesTheOtherRegionsAlone() {
        RegionLayout layout = split(Collector.G1).refresh(maps, IDLE);

        Region heap = layout.regions().get(0);
        assertEquals(G1HeapRegionsTest.HEAP.ranges(), heap.ranges());
        assertEquals(G1HeapRegionsTest.NAMES, HeapInfoTest.names(heap.subRegions()));
        assertEquals(METASPACE, layout.regions().get(1));
        assertEquals(List.of(), layout.problems());
        assertEquals(5, layout.discoveries(), "the source's four reads and the table's");
    }

    @Test
    void givesShenandoahsHeapItsFiveKindsOfRegion() {
        vmInfo = ShenandoahHeapRegionsTest.table(Fixture.JDK25_SHENANDOAH);

        RegionLayout layout = split(Collector.SHENANDOAH).refresh(maps, IDLE);

        assertEquals(ShenandoahHeapRegionsTest.NAMES, HeapInfoTest.names(layout.regions().get(0).subRegions()));
        assertEquals(List.of(), layout.problems());
    }

    @Test
    void givesZgcsHeapItsGenerationsAndFreeFromThePageTableAndTheMaps() {
        vmInfo = ZgcPageTableTest.table(Fixture.JDK25_Z);
        MemoryMaps zgcMaps = ZgcPageTableTest.maps(Fixture.JDK25_Z);

        RegionLayout layout = split(Collector.ZGC, ZgcPageTableTest.heap(Fixture.JDK25_Z)).refresh(zgcMaps, IDLE);

        Region heap = layout.regions().get(0);
        assertEquals(ZgcPageTableTest.GENERATIONS, HeapInfoTest.names(heap.subRegions()));
        assertEquals(512L << 20, heap.subRegions().stream().mapToLong(Region::reservedBytes).sum(),
                "the types cover the 512 MiB mapped");
        assertEquals(List.of(), layout.problems());
    }

    @Test
    void readsZgcsTableAgainWhenTheHeapsMappedMemoryChanged() {
        vmInfo = ZgcPageTableTest.table(Fixture.JDK17_Z);
        String mapsText = Fixture.JDK17_Z.read("maps-page-table.txt");
        HeapSplit split = split(Collector.ZGC, ZgcPageTableTest.heap(Fixture.JDK17_Z));
        split.refresh(MemoryMaps.parse(mapsText), IDLE);
        split.refresh(MemoryMaps.parse(mapsText), IDLE);
        assertEquals(1, calls.size());

        // ZGC unmapped the last 2 MiB of the first view (uncommitted): the split is read again.
        String shrunk = mapsText.replaceFirst("40000000000-40020000000 rw-s", "40000000000-4001fe00000 rw-s");
        RegionLayout layout = split.refresh(MemoryMaps.parse(shrunk), IDLE);

        assertEquals(2, calls.size());
        List<Region> types = layout.regions().get(0).subRegions();
        assertEquals(ZgcPageTableTest.SIZE_CLASSES, HeapInfoTest.names(types));
        assertEquals(0x4001fe00000L, types.get(3).end(), "ZGC Free ends where the mapped heap does");
    }

    @Test
    void leavesZgcsHeapUnsplitWithOneLineWhenThePageTableIsNotUnderstood() {
        vmInfo = ZgcPageTableTest.table(Fixture.JDK25_Z).replaceFirst(" Small ", " Huge  ");

        RegionLayout layout = split(Collector.ZGC, ZgcPageTableTest.heap(Fixture.JDK25_Z))
                .refresh(ZgcPageTableTest.maps(Fixture.JDK25_Z), IDLE);

        assertEquals(List.of(), layout.regions().get(0).subRegions());
        assertEquals(List.of("Java Heap: not split by ZGC page type: VM.info's page table not recognised (page"
                + " type 'Huge' not known)"), layout.problems());
    }

    @Test
    void doesNotReadAgainForWhatItsOwnReadAllocated() {
        vmInfo = ShenandoahHeapRegionsTest.table(Fixture.JDK25_SHENANDOAH);
        HeapSplit split = split(Collector.SHENANDOAH);
        afterRead = pools(new long[] {9, 5, 201}, 3);
        split.refresh(maps, IDLE);

        split.refresh(maps, pools(new long[] {9, 5, 201}, 3));
        assertEquals(1, calls.size(), "the pools as the read left them are the baseline");
        split.refresh(maps, pools(new long[] {9, 5, 202}, 3));
        assertEquals(2, calls.size(), "another allocation since");
    }

    @Test
    void readsAgainWhenACollectionRanDuringItsRead() {
        HeapSplit split = split(Collector.G1);
        afterRead = pools(new long[] {2, 6, 190}, 4);
        split.refresh(maps, IDLE);

        split.refresh(maps, pools(new long[] {2, 6, 190}, 4));
        assertEquals(2, calls.size(), "the table may have been printed before the collection");
        split.refresh(maps, pools(new long[] {2, 6, 190}, 4));
        assertEquals(2, calls.size(), "no collection ran during the second read");
    }

    @Test
    void readsTheTableAgainOnlyWhenAPoolOrTheCollectionCountChanged() {
        HeapSplit split = split(Collector.G1);
        split.refresh(maps, IDLE);
        split.refresh(maps, pools(new long[] {9, 5, 200}, 3));
        assertEquals(1, calls.size(), "an idle heap is not read again");

        split.refresh(maps, pools(new long[] {10, 5, 200}, 3));
        assertEquals(2, calls.size(), "eden took a region");
        split.refresh(maps, pools(new long[] {10, 5, 204}, 3));
        assertEquals(3, calls.size(), "a humongous object was allocated");
        split.refresh(maps, pools(new long[] {10, 5, 204}, 4));
        assertEquals(4, calls.size(), "a collection ran");
        split.refresh(maps, new PoolUsage(0, new long[] {14, 5, 181}, IDLE.heapUsed(), 4));
        assertEquals(5, calls.size(), "the heap grew");
        split.refresh(maps, new PoolUsage(0, new long[] {14, 5, 181}, IDLE.heapUsed(), 4));
        assertEquals(5, calls.size());
    }

    @Test
    void keepsTheSameSubRegionsWhileTheTableIsNotReadAgain() {
        HeapSplit split = split(Collector.G1);
        List<Region> first = split.refresh(maps, IDLE).regions().get(0).subRegions();

        assertTrue(first == split.refresh(maps, IDLE).regions().get(0).subRegions(),
                "the scanner keeps its sorted owners for an unchanged list");
    }

    @Test
    void leavesTheHeapUnsplitWithOneLineWhenTheTableIsNotUnderstoodAndNeverReadsItAgain() {
        vmInfo = vmInfo.replaceFirst("\\| O\\|", "|XY|");
        HeapSplit split = split(Collector.G1);

        RegionLayout layout = split.refresh(maps, IDLE);
        split.refresh(maps, pools(new long[] {10, 5, 200}, 4));
        now += RegionDiscovery.RETRY_PERIOD_NANOS;
        RegionLayout later = split.refresh(maps, pools(new long[] {11, 5, 200}, 5));

        assertEquals(List.of(), layout.regions().get(0).subRegions());
        assertEquals(1, layout.problems().size(), () -> "one line: " + layout.problems());
        assertTrue(layout.problems().get(0).startsWith("Java Heap: not split by G1 region type: VM.info's region"
                + " table not recognised (region type 'XY' not known)"), layout.problems().get(0));
        assertEquals(layout.problems(), later.problems());
        assertEquals(1, calls.size());
    }

    @Test
    void triesAFailedCommandAgainAfterAMinute() {
        vmInfo = null;
        HeapSplit split = split(Collector.G1);
        RegionLayout failed = split.refresh(maps, IDLE);
        split.refresh(maps, pools(new long[] {10, 5, 200}, 4));
        assertEquals(1, calls.size(), "not again within the minute");
        assertEquals(List.of(), failed.regions().get(0).subRegions());
        assertTrue(failed.problems().get(0).contains("VM.info failed"), failed.problems().toString());

        vmInfo = G1HeapRegionsTest.table("jdk25");
        now += RegionDiscovery.RETRY_PERIOD_NANOS;
        RegionLayout recovered = split.refresh(maps, IDLE);

        assertEquals(2, calls.size());
        assertEquals(5, recovered.regions().get(0).subRegions().size());
        assertEquals(List.of(), recovered.problems());
    }

    @Test
    void leavesOtherCollectorsHeapsAsTheirSourceFoundThem() {
        RegionLayout layout = split(Collector.PARALLEL).refresh(maps, IDLE);

        assertEquals(List.of(G1HeapRegionsTest.HEAP, METASPACE), layout.regions());
        assertEquals(List.of(), calls);
    }
}
