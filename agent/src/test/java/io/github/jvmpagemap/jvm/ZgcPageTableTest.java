package io.github.jvmpagemap.jvm;

import static io.github.jvmpagemap.jvm.Fixture.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.proc.MemoryMaps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The captures: {@code -XX:+UseZGC -Xms512m -Xmx512m}, sample {@code regions} (small arrays, eight
 * of 1 MiB, eight of 2.5 MiB), {@code jcmd VM.info} from {@code ZGC Globals:} (JDK 17) or its
 * {@code Heap:} summary (JDK 25, which prints the globals after it) to the end of
 * the page table, and the maps read just before. The whole heap (512 MiB) is mapped at
 * 0x40000000000, on JDK 17 again at 0x80000000000 and 0x100000000000.
 */
class ZgcPageTableTest {
    static final long MIB = 1L << 20;
    static final long BASE = 0x40000000000L;
    static final String TABLE_FILE = "VM.info-page-table.txt";
    static final List<String> GENERATIONS = List.of("ZGC Young Generation", "ZGC Old Generation", "ZGC Free");
    static final List<String> SIZE_CLASSES = List.of("ZGC Small Pages", "ZGC Medium Pages", "ZGC Large Pages",
            "ZGC Free");

    static String table(Fixture f) {
        return f.read(TABLE_FILE);
    }

    static MemoryMaps maps(Fixture f) {
        return MemoryMaps.parse(f.read("maps-page-table.txt"));
    }

    static Region heap(Fixture f) {
        return ZgcHeapViews.find(maps(f)).orElseThrow();
    }

    static List<Region> parse(Fixture f, String vmInfo) {
        Region heap = heap(f);
        return ZgcPageTable.parse(vmInfo, heap, ZgcHeapViews.mapped(maps(f), heap));
    }

    /** Why {@code vmInfo} with {@code f}'s heap and maps is refused; fails if it is not. */
    static String refusal(Fixture f, String vmInfo) {
        return assertThrows(IllegalArgumentException.class, () -> parse(f, vmInfo)).getMessage();
    }

    @Test
    void splitsJdk17HeapBySizeClassWithOffsetsIntoTheFirstView() {
        List<Region> types = parse(Fixture.JDK17_Z, table(Fixture.JDK17_Z));

        assertEquals(SIZE_CLASSES, HeapInfoTest.names(types));
        // Summed from the capture by hand: 52 small pages of 2 MiB, one medium of 16 MiB, 8 large of
        // 4 MiB (152 MiB, the 'used 152M' above the table); the other 360 MiB mapped are free.
        assertEquals(List.of(104 * MIB, 16 * MIB, 32 * MIB, 360 * MIB), G1HeapRegionsTest.sizes(types));
        // ' Medium  0x0000000001e00000 0x0000000002604000 0x0000000002e00000  Relocatable'
        assertEquals(List.of(r(BASE + 0x1e00000L, BASE + 0x2e00000L)), types.get(1).ranges());
    }

    @Test
    void splitsJdk25HeapByGenerationWithItsMappedCacheFree() {
        List<Region> types = parse(Fixture.JDK25_Z, table(Fixture.JDK25_Z));

        assertEquals(GENERATIONS, HeapInfoTest.names(types));
        // 26 young pages (68 MiB), 38 old (90 MiB): 158 MiB as 'used 158M'; free the 354 MiB of
        // 'Cache 354M', the mapped memory ZGC holds in no page.
        assertEquals(List.of(68 * MIB, 90 * MIB, 354 * MIB), G1HeapRegionsTest.sizes(types));
        assertEquals(r(BASE, BASE + 0x3e00000L), types.get(1).ranges().get(0),
                "the first 24 lines, up to the young large page at 0x3e00000, are old pages");
    }

    @Test
    void subRegionsCoverTheMappedHeapOnceEach() {
        for (Fixture f : List.of(Fixture.JDK17_Z, Fixture.JDK25_Z)) {
            List<Region> types = parse(f, table(f));

            List<AddressRange> all = new ArrayList<>(types.stream().flatMap(t -> t.ranges().stream()).toList());
            all.sort((a, b) -> Long.compare(a.start(), b.start()));
            long at = BASE;
            for (AddressRange range : all) {
                assertEquals(at, range.start(), () -> f + ": a gap or an overlap before " + range + " in " + all);
                at = range.end();
            }
            assertEquals(BASE + 512 * MIB, at, f + ": the 512 MiB mapped, 0x40000000000-0x40020000000");
        }
    }

    @Test
    void freeIsOnlyMappedMemoryInNoPage() {
        Region heap = heap(Fixture.JDK25_Z);
        // Pages cover offsets 0 to 0x9400000 and 0x9e00000 to 0xa800000 (by hand, from the capture).
        // Suppose only the first 152 MiB were mapped: 4 MiB of them are in no page.
        List<Region> types = ZgcPageTable.parse(table(Fixture.JDK25_Z), heap, List.of(r(BASE, BASE + 0x9800000L)));

        assertEquals(List.of(r(BASE + 0x9400000L, BASE + 0x9800000L)), types.get(2).ranges());
        assertEquals(List.of(68 * MIB, 90 * MIB), G1HeapRegionsTest.sizes(types.subList(0, 2)));
    }

    @Test
    void givesMemoryClaimedByTwoLinesToOnePage() {
        // A small page freed and its memory taken by a large page while the table was printed: the
        // large page listed after the next small one, over it and out of order.
        String raced = table(Fixture.JDK25_Z).replace(
                " Small   0x0000000000200000 0x00000000003fc6f0 0x0000000000400000 O/2     Relocatable\n",
                " Small   0x0000000000200000 0x00000000003fc6f0 0x0000000000400000 O/2     Relocatable\n"
                        + " Small   0x0000000000200000 0x00000000003fc6f0 0x0000000000400000 Y/6     Allocating\n"
                        + " Large   0x0000000000000000 0x0000000000600000 0x0000000000600000 Y/6     Allocating\n");

        List<Region> types = parse(Fixture.JDK25_Z, raced);

        assertEquals(List.of(68 * MIB + 4 * MIB, 90 * MIB - 4 * MIB, 354 * MIB), G1HeapRegionsTest.sizes(types),
                "the old page at 0, listed first, keeps its memory; the large page takes the rest of its"
                        + " own from the two old pages it covers; the second line at 0x200000 gets nothing");
        assertEquals(r(BASE + 2 * MIB, BASE + 6 * MIB), types.get(0).ranges().get(0));
    }

    @Test
    void refusesAPageTypeOrGenerationItDoesNotKnow() {
        String tiny = table(Fixture.JDK17_Z).replaceFirst(" Small   0x", " Tiny    0x");
        String middle = table(Fixture.JDK25_Z).replaceFirst(" O/2 ", " M/2 ");

        assertEquals("page type 'Tiny' not known", refusal(Fixture.JDK17_Z, tiny));
        assertEquals("page generation 'M' not known", refusal(Fixture.JDK25_Z, middle));
    }

    @Test
    void refusesPagesWithAndWithoutGeneration() {
        String mixed = table(Fixture.JDK25_Z).replaceFirst(" O/2     Relocatable\n", "  Relocatable\n");

        String why = refusal(Fixture.JDK25_Z, mixed);
        assertTrue(why.startsWith("pages with and without a generation, at:  Small   0x"), why);
    }

    @Test
    void refusesLinesThatDoNotParse() {
        String noEnd = table(Fixture.JDK17_Z).replaceFirst(
                " 0x0000000000200000 0x0000000000200000  Relocatable", " 0x0000000000200000");
        String backwards = table(Fixture.JDK17_Z).replaceFirst(
                "0x0000000000000000 0x0000000000200000 0x0000000000200000", "0x0000000000200000 0x0 0x0");
        String notHex = table(Fixture.JDK17_Z).replaceFirst("0x0000000000200000 ", "0x00000000002g0000 ");

        for (String bad : List.of(noEnd, backwards, notHex)) {
            String why = refusal(Fixture.JDK17_Z, bad);
            assertTrue(why.startsWith("line not understood: "), why);
        }
    }

    @Test
    void refusesAPageOutsideTheHeap() {
        // The first view's reservation ends at 0x40200000000 (8 GiB of offsets).
        String outside = table(Fixture.JDK17_Z).replaceFirst(
                "0x000000000fe00000 0x0000000010000000 0x0000000010000000",
                "0x00000001ffe00000 0x0000000200200000 0x0000000200200000");

        String why = refusal(Fixture.JDK17_Z, outside);
        assertTrue(why.startsWith("a region outside the heap"), why);
    }

    @Test
    void refusesJdk17sTableUnlessItsFirstViewIsWhereOffsetMaxSays() {
        String elsewhere = table(Fixture.JDK17_Z).replace("(0x0000040000000000)", "(0x0000080000000000)");
        String unsaid = table(Fixture.JDK17_Z).replace(" Offset Max:", " Offset Limit:");

        assertEquals("the heap's first view at 0x40000000000, not at the Offset Max VM.info prints (0x80000000000)",
                refusal(Fixture.JDK17_Z, elsewhere));
        assertEquals("the heap's first view at 0x40000000000, not at the Offset Max VM.info prints (none)",
                refusal(Fixture.JDK17_Z, unsaid));
    }

    @Test
    void refusesOutputWithoutTheTableOrWithAnEmptyOne() {
        String empty = table(Fixture.JDK25_Z).substring(0, table(Fixture.JDK25_Z).indexOf("ZGC Page Table:") + 16);

        assertEquals("no 'ZGC Page Table:'", refusal(Fixture.JDK25_Z, Fixture.JDK25_Z.vmInfo()));
        assertEquals("an empty page table", refusal(Fixture.JDK25_Z, empty));
    }
}
