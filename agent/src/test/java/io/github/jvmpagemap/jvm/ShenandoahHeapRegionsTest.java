package io.github.jvmpagemap.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShenandoahHeapRegionsTest {
    static final long REGION = 256 << 10;
    static final List<String> NAMES = List.of("Shenandoah Regular", "Shenandoah Humongous",
            "Shenandoah Collection Set", "Shenandoah Trash", "Shenandoah Free");

    static String table(Fixture f) {
        return f.read(G1HeapRegionsTest.REGIONS_FILE);
    }

    @Test
    void splitsJdk17TableByRegionState() {
        List<Region> kinds = ShenandoahHeapRegions.parse(table(Fixture.JDK17_SHENANDOAH), G1HeapRegionsTest.HEAP);

        assertEquals(NAMES, HeapInfoTest.names(kinds));
        // Counted in the capture by hand (-Xmx256m, 1024 regions of 256K): 146 R, 21 H + 245 HC, 612 EC.
        assertEquals(List.of(146 * REGION, 266 * REGION, 0L, 0L, 612 * REGION), G1HeapRegionsTest.sizes(kinds));
    }

    @Test
    void splitsJdk25TableWhoseLinesAlsoNameTheGeneration() {
        List<Region> kinds = ShenandoahHeapRegions.parse(table(Fixture.JDK25_SHENANDOAH), G1HeapRegionsTest.HEAP);

        // 148 R, 21 H + 245 HC, 610 EC.
        assertEquals(List.of(148 * REGION, 266 * REGION, 0L, 0L, 610 * REGION), G1HeapRegionsTest.sizes(kinds));
    }

    @Test
    void leavesUncommittedRegionsOutAndTellsCollectionSetAndTrashApart() {
        String changed = table(Fixture.JDK25_SHENANDOAH)
                .replaceFirst("\\|    5\\|EC ", "|    5|EU ")
                .replaceFirst("\\|    0\\|R  ", "|    0|CS ")
                .replaceFirst("\\|    1\\|R  ", "|    1|TR ");

        List<Region> kinds = ShenandoahHeapRegions.parse(changed, G1HeapRegionsTest.HEAP);

        assertEquals(List.of(146 * REGION, 266 * REGION, REGION, REGION, 609 * REGION),
                G1HeapRegionsTest.sizes(kinds));
        assertEquals(List.of(new AddressRange(0xf0000000L, 0xf0000000L + REGION)), kinds.get(2).ranges());
        assertTrue(kinds.stream().flatMap(k -> k.ranges().stream())
                .noneMatch(r -> r.contains(0xf0000000L + 5 * REGION)), "region 5 is uncommitted: in no kind");
    }

    @Test
    void refusesAStateItDoesNotKnow() {
        String changed = table(Fixture.JDK17_SHENANDOAH).replaceFirst("\\|    0\\|R  ", "|    0|QQ ");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShenandoahHeapRegions.parse(changed, G1HeapRegionsTest.HEAP));
        assertTrue(e.getMessage().contains("'QQ'"), e.getMessage());
    }

    @Test
    void refusesLinesWithoutBottomTopAndEnd() {
        String changed = table(Fixture.JDK17_SHENANDOAH).replaceFirst("\\|R  \\|BTE", "|R  |XYZ");

        assertThrows(IllegalArgumentException.class,
                () -> ShenandoahHeapRegions.parse(changed, G1HeapRegionsTest.HEAP));
    }
}
