package io.github.jvmpagemap.samples.it.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.kernel.Maps;
import io.github.jvmpagemap.samples.it.kernel.Range;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tests' own layout parser on the jcmd outputs and maps captured for the agent's unit
 * tests (agent/src/test/resources/fixtures): it must understand every JDK and collector the
 * integration tests run, or they would compare against nothing.
 */
public class LayoutOracleTest {
    static final Path FIXTURES = Path.of("../agent/src/test/resources/fixtures");
    /**
     * VM.info from the heap summary to the end of the region table: G1 -Xms64m -Xmx256m, 1 MiB
     * regions; Shenandoah -Xmx256m, 256 KiB regions.
     */
    static final String TABLE = "VM.info-heap-regions.txt";
    static final String ZGC_TABLE = "VM.info-page-table.txt";

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-G1", "jdk25-G1"})
    void g1RegionTablesGroupByTypeAndAddUpToTheCommittedHeap(String fixture) throws IOException {
        List<Region> types = HeapRegionTable.g1(Files.readString(FIXTURES.resolve(fixture).resolve(TABLE)));

        assertEquals(HeapRegionTable.G1, types.stream().map(Region::name).toList());
        long mib = 1L << 20;
        // Counted by hand: JDK 17 8 E, 2 S, 27 O + OA + CA, 83 HS/HC, 80 F (total 206848K);
        // JDK 25 9 E, 5 S, 26 O, 83 HS/HC, 76 F (committed 203776K).
        List<Long> expected = fixture.startsWith("jdk17") ? List.of(8 * mib, 2 * mib, 29 * mib, 83 * mib, 80 * mib)
                : List.of(9 * mib, 5 * mib, 26 * mib, 83 * mib, 76 * mib);
        assertEquals(expected, types.stream().map(Region::reservedBytes).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-Shenandoah", "jdk25-Shenandoah"})
    void shenandoahRegionTablesGroupByState(String fixture) throws IOException {
        List<Region> kinds = HeapRegionTable.shenandoah(Files.readString(FIXTURES.resolve(fixture).resolve(TABLE)));

        assertEquals(HeapRegionTable.SHENANDOAH, kinds.stream().map(Region::name).toList());
        long region = 256 << 10;
        // Counted by hand: JDK 17 146 R, 21 H + 245 HC, 612 EC; JDK 25 148 R, 266 H/HC, 610 EC.
        List<Long> expected = fixture.startsWith("jdk17")
                ? List.of(146 * region, 266 * region, 0L, 0L, 612 * region)
                : List.of(148 * region, 266 * region, 0L, 0L, 610 * region);
        assertEquals(expected, kinds.stream().map(Region::reservedBytes).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-Z", "jdk25-Z"})
    void zgcPageTablesGroupByGenerationOrSizeClassWithTheRestOfTheMappedHeapFree(String fixture) throws IOException {
        Path dir = FIXTURES.resolve(fixture);
        Region heap = LayoutOracle.zgcHeap(Maps.parse(Files.readAllLines(dir.resolve("maps-page-table.txt"))),
                Files.readString(dir.resolve(ZGC_TABLE)));

        long mib = 1L << 20;
        // Summed by hand: JDK 17 52 small pages of 2 MiB, one medium of 16, 8 large of 4, 360 MiB
        // free of the 512 mapped; JDK 25 68 MiB young, 90 old, 354 free ('Cache 354M').
        List<Long> expected = fixture.startsWith("jdk17") ? List.of(104 * mib, 16 * mib, 32 * mib, 360 * mib)
                : List.of(68 * mib, 90 * mib, 354 * mib);
        assertEquals(expected, heap.subRegions().stream().map(Region::reservedBytes).toList());
        assertEquals(fixture.startsWith("jdk17") ? HeapRegionTable.ZGC_SIZE_CLASSES : HeapRegionTable.ZGC_GENERATIONS,
                heap.subRegions().stream().map(Region::name).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-G1", "jdk17-Parallel", "jdk17-Serial", "jdk17-Shenandoah", "jdk17-Z", "jdk25-G1",
        "jdk25-Parallel", "jdk25-Serial", "jdk25-Shenandoah", "jdk25-Z"})
    void everyCapturedLayoutHasItsRegionsAndSubRegions(String fixture) throws IOException {
        Path dir = FIXTURES.resolve(fixture);
        // The captured VM.info stops before the heap; the region table is a capture of its own, ZGC's
        // page table one with the maps read beside it.
        boolean split = fixture.endsWith("-G1") || fixture.endsWith("-Shenandoah");
        boolean zgc = fixture.endsWith("-Z");
        String vmInfo = Files.readString(dir.resolve("VM.info.txt")) + (split ? Files.readString(dir.resolve(TABLE))
                : zgc ? Files.readString(dir.resolve(ZGC_TABLE)) : "");
        Layout layout = LayoutOracle.parse(Files.readString(dir.resolve("GC.heap_info.txt")),
                Files.readString(dir.resolve("VM.metaspace_vslist.txt")),
                Files.readString(dir.resolve("Compiler.codecache.txt")), vmInfo,
                Maps.parse(Files.readAllLines(dir.resolve(zgc ? "maps-page-table.txt" : "maps.txt"))));

        assertEquals(Region.NAMES, layout.regions().stream().map(Region::name).toList());
        for (Region r : layout.regions()) {
            assertTrue(r.reservedBytes() > 0 && r.reservedBytes() % LayoutOracle.PAGE == 0, r::toString);
        }
        assertEquals(64L << 20, layout.region(Region.METASPACE).reservedBytes(), "one 64 MiB node at start-up");
        assertEquals(1L << 30, layout.region(Region.CLASS_SPACE).reservedBytes());
        Region code = layout.region(Region.CODE_CACHE);
        assertEquals(List.of("CodeHeap 'non-nmethods'", "CodeHeap 'non-profiled nmethods'", "CodeHeap 'profiled nmethods'"),
                code.subRegions().stream().map(Region::name).sorted().toList());
        assertEquals(code.reservedBytes(), code.subRegions().stream().mapToLong(Region::reservedBytes).sum());

        Region heap = layout.region(Region.JAVA_HEAP);
        if (fixture.endsWith("-Parallel") || fixture.endsWith("-Serial")) {
            String prefix = fixture.endsWith("-Parallel") ? "PS " : "";
            assertEquals(List.of(prefix + "Eden Space", prefix + "Survivor Space",
                    prefix.isEmpty() ? "Tenured Gen" : "PS Old Gen"), heap.subRegions().stream().map(Region::name).toList());
            Range whole = heap.ranges().get(0);
            for (Region space : heap.subRegions()) {
                assertTrue(space.ranges().stream().allMatch(s -> whole.contains(s.start(), s.end())), space::toString);
            }
        } else if (split) {
            assertEquals(fixture.endsWith("-G1") ? HeapRegionTable.G1 : HeapRegionTable.SHENANDOAH,
                    heap.subRegions().stream().map(Region::name).toList());
        } else if (zgc) {
            assertEquals(fixture.startsWith("jdk17") ? HeapRegionTable.ZGC_SIZE_CLASSES : HeapRegionTable.ZGC_GENERATIONS,
                    heap.subRegions().stream().map(Region::name).toList());
        } else {
            assertEquals(List.of(), heap.subRegions());
        }
        if (fixture.endsWith("-Z")) {
            // JDK 17 maps the heap three times, 4 TiB apart; generational ZGC once.
            assertArrayEquals(fixture.startsWith("jdk17") ? new long[] {0x40000000000L, 0xC0000000000L} : new long[0],
                    heap.views());
            assertTrue(heap.reservedBytes() >= 1L << 30, heap::toString);
        } else {
            assertEquals(1L << 30, heap.reservedBytes(), "-Xmx1g");
        }
    }
}
