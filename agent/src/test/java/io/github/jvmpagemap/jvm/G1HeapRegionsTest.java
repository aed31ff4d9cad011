package io.github.jvmpagemap.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.rows.RowNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class G1HeapRegionsTest {
    static final long MIB = 1L << 20;
    /** Both captures: {@code -Xms64m -Xmx256m}, 1 MiB regions, reserved at 0xf0000000. */
    static final Region HEAP = new Region(RowNames.JAVA_HEAP, List.of(new AddressRange(0xf0000000L, 0x100000000L)));
    /** VM.info from its heap summary to the end of its region table (G1 fixtures only). */
    static final String REGIONS_FILE = "VM.info-heap-regions.txt";
    static final List<String> NAMES = List.of("G1 Eden Space", "G1 Survivor Space", "G1 Old Gen", "G1 Humongous",
            "G1 Free");

    static String table(String jdk) {
        return (jdk.equals("jdk17") ? Fixture.JDK17_G1 : Fixture.JDK25_G1).read(REGIONS_FILE);
    }

    @Test
    void splitsJdk17TableByTypeWithArchiveRegionsAsOld() {
        List<Region> types = G1HeapRegions.parse(table("jdk17"), HEAP);

        assertEquals(NAMES, HeapInfoTest.names(types));
        // Counted in the capture by hand: 8 E, 2 S, 27 O + 1 OA + 1 CA, 22 HS + 61 HC, 80 F.
        assertEquals(List.of(8 * MIB, 2 * MIB, 29 * MIB, 83 * MIB, 80 * MIB), sizes(types));
        Region old = types.get(2);
        assertEquals(0x100000000L, old.end(), "the closed archive region, the heap's last, is old");
        assertTrue(old.ranges().contains(new AddressRange(0xffe00000L, 0x100000000L)), () -> "archive regions: " + old);
    }

    @Test
    void splitsJdk25TableByType() {
        List<Region> types = G1HeapRegions.parse(table("jdk25"), HEAP);

        assertEquals(NAMES, HeapInfoTest.names(types));
        // 9 E, 5 S, 26 O, 22 HS + 61 HC, 76 F: 199 regions, the 203776K committed.
        assertEquals(List.of(9 * MIB, 5 * MIB, 26 * MIB, 83 * MIB, 76 * MIB), sizes(types));
    }

    @Test
    void eachTypeSaysTheRegionSizeItIsMadeOf() {
        for (String jdk : List.of("jdk17", "jdk25")) {
            List<Region> types = G1HeapRegions.parse(table(jdk), HEAP);

            // The captures' heaps have 1 MiB regions (G1HeapRegionSize for a 256 MiB maximum).
            assertEquals(List.of(MIB, MIB, MIB, MIB, MIB), types.stream().map(Region::heapRegionSize).toList(), jdk);
        }
        assertEquals(0, HEAP.heapRegionSize(), "a region that is not a set of heap regions");
    }

    @Test
    void mergesAdjacentRegionsOfOneTypeAndKeepsTypesApart() {
        List<Region> types = G1HeapRegions.parse(table("jdk25"), HEAP);

        Region humongous = types.get(3);
        // Each 3 MiB array takes four regions (HS HC HC HC); regions 0-59 are 15 of them in a row,
        // then come four old regions (60-63) and more arrays.
        assertEquals(new AddressRange(0xf0000000L, 0xf0000000L + 60 * MIB), humongous.ranges().get(0));
        assertEquals(new AddressRange(0xf0000000L + 64 * MIB, 0xf0000000L + 68 * MIB), humongous.ranges().get(1));
        long previousEnd = -1;
        List<AddressRange> all = types.stream().flatMap(t -> t.ranges().stream())
                .sorted((a, b) -> Long.compare(a.start(), b.start())).toList();
        for (AddressRange r : all) {
            assertTrue(r.start() >= previousEnd, () -> "overlapping ranges: " + all);
            previousEnd = r.end();
        }
    }

    @Test
    void refusesARegionTypeItDoesNotKnow() {
        String changed = table("jdk25").replaceFirst("\\| O\\|", "|XY|");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> G1HeapRegions.parse(changed, HEAP));
        assertTrue(e.getMessage().contains("'XY'"), e.getMessage());
    }

    @Test
    void refusesATableThatDoesNotAddUpToTheCommittedHeap() {
        String oneLineLess = table("jdk25").replaceFirst("\\|  40\\|[^\n]*\n", "");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> G1HeapRegions.parse(oneLineLess, HEAP));
        assertTrue(e.getMessage().contains("committed"), e.getMessage());
    }

    @Test
    void refusesRegionsOutsideTheHeap() {
        Region smaller = new Region(RowNames.JAVA_HEAP, List.of(new AddressRange(0xf0000000L, 0xf8000000L)));

        assertThrows(IllegalArgumentException.class, () -> G1HeapRegions.parse(table("jdk25"), smaller));
    }

    @Test
    void refusesLinesThatDoNotParse() {
        String garbled = table("jdk17").replaceFirst("0x00000000f0100000, 0x00000000f0200000, ", "");

        assertThrows(IllegalArgumentException.class, () -> G1HeapRegions.parse(garbled, HEAP));
    }

    @Test
    void refusesOutputWithoutTheTable() {
        assertThrows(IllegalArgumentException.class, () -> G1HeapRegions.parse(Fixture.JDK25_G1.vmInfo(), HEAP));
    }

    static List<Long> sizes(List<Region> regions) {
        return regions.stream().map(Region::reservedBytes).toList();
    }
}
