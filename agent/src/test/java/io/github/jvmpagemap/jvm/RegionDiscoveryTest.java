package io.github.jvmpagemap.jvm;

import static io.github.jvmpagemap.jvm.Fixture.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.rows.RowNames;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RegionDiscoveryTest {
    private static final long PAGE = 4096;
    private static final List<String> ALL_FOUR = List.of("VM.info", "Compiler.codecache", "GC.heap_info",
            "VM.metaspace vslist");

    private final List<String> calls = new ArrayList<>();

    /** Idle-JVM figures: 192 KiB of non-class metaspace committed, three heap pools. */
    private static PoolUsage idlePools() {
        return new PoolUsage(192 * 1024, new long[] {95 * Fixture.MIB, 15 * Fixture.MIB, 252 * Fixture.MIB});
    }

    private DiagnosticCommands serving(Fixture f) {
        return command -> {
            calls.add(command);
            return f.output(command);
        };
    }

    /** Serves {@code f}, except {@code replaced} which answers {@code output}. */
    private DiagnosticCommands serving(Fixture f, String replaced, String output) {
        return command -> {
            calls.add(command);
            return command.equals(replaced) ? output : f.output(command);
        };
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void findsHeapMetaspaceClassSpaceCodeCacheAndCdsArchiveWithoutProblems(Fixture f) {
        RegionLayout layout = new RegionDiscovery(serving(f), PAGE).refresh(f.maps(), idlePools());

        List<Region> regions = layout.regions();
        assertEquals(List.of(RowNames.JAVA_HEAP, RowNames.METASPACE, RowNames.CLASS_SPACE, RowNames.CODE_CACHE,
                RowNames.CDS_ARCHIVE), HeapInfoTest.names(regions));
        assertEquals(List.of(f.heap), regions.get(0).ranges());
        assertEquals(List.of(f.metaspaceNode()), regions.get(1).ranges());
        assertEquals(List.of(f.classSpaceNode()), regions.get(2).ranges());
        Region code = regions.get(3);
        assertEquals(List.of(f.profiled, f.nonNMethods, f.nonProfiled), code.ranges(), "sorted by address");
        assertEquals(List.of("CodeHeap 'non-profiled nmethods'", "CodeHeap 'profiled nmethods'",
                "CodeHeap 'non-nmethods'"), HeapInfoTest.names(code.subRegions()));
        assertEquals(List.of(f.nonProfiled), code.subRegions().get(0).ranges());
        assertEquals(List.of(f.cds), regions.get(4).ranges());
        assertEquals(List.of(), layout.problems());
        assertEquals(f.collector, layout.collector());
        assertEquals(4, layout.discoveries());
    }

    @Test
    void widensRangesOutwardsToWholePages() {
        String codecache = "CodeCache: size=245760Kb used=1234Kb max_used=1240Kb free=244525Kb\n"
                + " bounds [0x00007f5e31000100, 0x00007f5e31270000, 0x00007f5e3fffff01]\n";

        RegionLayout layout = new RegionDiscovery(serving(Fixture.JDK17_G1, "Compiler.codecache", codecache), PAGE)
                .refresh(Fixture.JDK17_G1.maps(), idlePools());

        Region code = layout.regions().get(3);
        assertEquals(List.of(r(0x7f5e31000000L, 0x7f5e40000000L)), code.ranges());
        assertEquals(List.of(r(0x7f5e31000000L, 0x7f5e40000000L)), code.subRegions().get(0).ranges());
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void aSecondRefreshWithTheSamePoolsRunsNoCommandAgain(Fixture f) {
        RegionDiscovery discovery = new RegionDiscovery(serving(f), PAGE);
        MemoryMaps maps = f.maps();
        discovery.refresh(maps, idlePools());
        assertEquals(ALL_FOUR, calls);

        RegionLayout second = discovery.refresh(maps, idlePools());

        assertEquals(ALL_FOUR, calls);
        assertEquals(4, second.discoveries());
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void aChangedHeapPoolRereadsOnlyGcHeapInfoWhenTheCollectorMovesItsSpaces(Fixture f) {
        RegionDiscovery discovery = new RegionDiscovery(serving(f), PAGE);
        MemoryMaps maps = f.maps();
        discovery.refresh(maps, idlePools());
        PoolUsage edenGrew = new PoolUsage(192 * 1024,
                new long[] {120 * Fixture.MIB, 15 * Fixture.MIB, 252 * Fixture.MIB});

        discovery.refresh(maps, edenGrew);

        boolean moves = f.collector == Collector.PARALLEL || f.collector == Collector.SERIAL;
        List<String> expected = new ArrayList<>(ALL_FOUR);
        if (moves) {
            expected.add("GC.heap_info");
        }
        assertEquals(expected, calls);
    }

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void nonClassMetaspaceCommittedBeyondItsNodesRereadsOnlyVmMetaspace(Fixture f) {
        RegionDiscovery discovery = new RegionDiscovery(serving(f), PAGE);
        MemoryMaps maps = f.maps();
        discovery.refresh(maps, idlePools());
        long[] sameHeap = idlePools().heapCommitted();

        discovery.refresh(maps, new PoolUsage(64 * Fixture.MIB, sameHeap));
        assertEquals(ALL_FOUR, calls, "64 MiB committed still fits the 64 MiB node");

        RegionLayout layout = discovery.refresh(maps, new PoolUsage(64 * Fixture.MIB + 64 * 1024, sameHeap));

        assertEquals(Stream.concat(ALL_FOUR.stream(), Stream.of("VM.metaspace vslist")).toList(), calls);
        assertEquals(5, layout.discoveries());
    }

    @Test
    void aMetaspaceNodeGoneFromTheMapsRereadsVmMetaspace() {
        Fixture f = Fixture.JDK17_G1;
        RegionDiscovery discovery = new RegionDiscovery(serving(f), PAGE);
        discovery.refresh(f.maps(), idlePools());
        // The node at 0x7f3baf000000 spans four lines of the maps: drop them all.
        String withoutNode = f.mapsText().lines().filter(line -> !line.startsWith("7f3baf") && !line.startsWith("7f3bb0")
                && !line.startsWith("7f3bb1") && !line.startsWith("7f3bb2")).collect(Collectors.joining("\n"));
        MemoryMaps maps = MemoryMaps.parse(withoutNode);
        assertFalse(maps.isMapped(0x7f3baf000000L));

        discovery.refresh(maps, idlePools());

        assertEquals(Stream.concat(ALL_FOUR.stream(), Stream.of("VM.metaspace vslist")).toList(), calls);
    }

    static Stream<Arguments> failingCommands() {
        return Stream.of(
                Arguments.of("GC.heap_info", "Java Heap", List.of(RowNames.JAVA_HEAP, RowNames.METASPACE,
                        RowNames.CLASS_SPACE, RowNames.CODE_CACHE, RowNames.CDS_ARCHIVE)),
                Arguments.of("VM.metaspace vslist", "Metaspace", List.of(RowNames.JAVA_HEAP, RowNames.CODE_CACHE,
                        RowNames.CDS_ARCHIVE)),
                Arguments.of("Compiler.codecache", "Code Cache", List.of(RowNames.JAVA_HEAP, RowNames.METASPACE,
                        RowNames.CLASS_SPACE, RowNames.CDS_ARCHIVE)),
                Arguments.of("VM.info", "CDS Archive", List.of(RowNames.JAVA_HEAP, RowNames.METASPACE,
                        RowNames.CLASS_SPACE, RowNames.CODE_CACHE)));
    }

    @ParameterizedTest
    @MethodSource("failingCommands")
    void aFailingCommandGivesOneProblemLineNamingTheRegion(String failing, String region, List<String> found) {
        Fixture f = Fixture.JDK17_G1;
        DiagnosticCommands commands = command -> {
            if (command.equals(failing)) {
                throw new DiagnosticCommandException("diagnostic command " + command + " failed: no such MBean",
                        null);
            }
            return f.output(command);
        };

        RegionLayout layout = new RegionDiscovery(commands, PAGE).refresh(f.maps(), idlePools());

        assertEquals(List.of(region + ": diagnostic command " + failing + " failed: no such MBean"),
                layout.problems());
        assertEquals(found, HeapInfoTest.names(layout.regions()));
    }

    @Test
    void aFailedGcHeapInfoLeavesTheHeapRangeOfVmInfoWithoutSpaces() {
        Fixture f = Fixture.JDK17_PARALLEL;
        DiagnosticCommands commands = command -> {
            if (command.equals("GC.heap_info")) {
                throw new DiagnosticCommandException("diagnostic command GC.heap_info failed: timeout", null);
            }
            return f.output(command);
        };

        RegionLayout layout = new RegionDiscovery(commands, PAGE).refresh(f.maps(), idlePools());

        Region heap = layout.regions().get(0);
        assertEquals(List.of(r(0xc0000000L, 0x100000000L)), heap.ranges());
        assertEquals(List.of(), heap.subRegions());
        assertEquals(Collector.UNKNOWN, layout.collector());
    }

    static Stream<Arguments> garbageOutputs() {
        return Stream.of(
                Arguments.of("GC.heap_info", " PSYoungGen      total 113152K, used 72295K\n",
                        "Java Heap: GC.heap_info output not recognised (java.lang.IllegalArgumentException:"
                                + " no address range in: PSYoungGen      total 113152K, used 72295K)"),
                Arguments.of("VM.metaspace vslist", "Metaspace: Unknown sub-command vslist\n",
                        "Metaspace: VM.metaspace vslist output not recognised"),
                Arguments.of("Compiler.codecache", "CodeCache: size=245760Kb used=1234Kb\n",
                        "Code Cache: Compiler.codecache output not recognised"));
    }

    @ParameterizedTest
    @MethodSource("garbageOutputs")
    void garbageOutputGivesAProblemLineNotAnException(String command, String garbage, String problem) {
        Fixture f = Fixture.JDK17_PARALLEL;

        RegionLayout layout = new RegionDiscovery(serving(f, command, garbage), PAGE).refresh(f.maps(), idlePools());

        assertEquals(List.of(problem), layout.problems());
    }

    @Test
    void aSourceThatFailedIsTriedAgainAtMostOnceAMinute() {
        Fixture f = Fixture.JDK17_G1;
        long[] now = {0};
        RegionDiscovery discovery = new RegionDiscovery(serving(f, "VM.metaspace vslist", "garbage\n"), PAGE,
                () -> now[0]);
        discovery.refresh(f.maps(), idlePools());
        now[0] = RegionDiscovery.RETRY_PERIOD_NANOS - 1;
        discovery.refresh(f.maps(), idlePools());
        assertEquals(ALL_FOUR, calls, "not again within the minute");

        now[0] = RegionDiscovery.RETRY_PERIOD_NANOS;
        RegionLayout layout = discovery.refresh(f.maps(), idlePools());

        assertEquals(Stream.concat(ALL_FOUR.stream(), Stream.of("VM.metaspace vslist")).toList(), calls);
        assertEquals(List.of("Metaspace: VM.metaspace vslist output not recognised"), layout.problems());
    }

    @Test
    void aFailedGcHeapInfoIsTriedAgainAfterAMinuteAndThenFindsTheHeap() {
        Fixture f = Fixture.JDK17_G1;
        long[] now = {0};
        boolean[] fail = {true};
        RegionDiscovery discovery = new RegionDiscovery(command -> {
            calls.add(command);
            if (command.equals("GC.heap_info") && fail[0]) {
                throw new DiagnosticCommandException("diagnostic command GC.heap_info failed: busy", null);
            }
            return f.output(command);
        }, PAGE, () -> now[0]);
        assertEquals(List.of("Java Heap: diagnostic command GC.heap_info failed: busy"),
                discovery.refresh(f.maps(), idlePools()).problems());

        fail[0] = false;
        now[0] = RegionDiscovery.RETRY_PERIOD_NANOS;
        RegionLayout layout = discovery.refresh(f.maps(), idlePools());

        assertEquals(List.of(), layout.problems());
        assertEquals(Collector.G1, layout.collector());
    }

    @Test
    void anUnrecognisedCollectorFallsBackToTheHeapAddressOfVmInfo() {
        Fixture f = Fixture.JDK25_G1;
        String epsilon = " Epsilon Heap\n"
                + "Allocation space:\n"
                + " space 393216K, 16% used [0x00000000c0000000, 0x00000000c4000000, 0x00000000d8000000)\n";

        RegionLayout layout = new RegionDiscovery(serving(f, "GC.heap_info", epsilon), PAGE)
                .refresh(f.maps(), idlePools());

        assertEquals(Collector.UNKNOWN, layout.collector());
        Region heap = layout.regions().get(0);
        assertEquals(RowNames.JAVA_HEAP, heap.name());
        // VM.info: "Heap address: 0x00000000c0000000, size: 1024 MB"
        assertEquals(List.of(r(0xc0000000L, 0x100000000L)), heap.ranges());
        assertEquals(List.of("Java Heap: collector not recognised; heap range from VM.info, without spaces"),
                layout.problems());
    }
}
