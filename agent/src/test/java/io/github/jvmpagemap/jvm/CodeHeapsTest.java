package io.github.jvmpagemap.jvm;

import static io.github.jvmpagemap.jvm.Fixture.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.layout.Region;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodeHeapsTest {

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void readsTheThreeCodeHeapsFromLowToReservedHighBoundary(Fixture f) {
        List<Region> heaps = CodeHeaps.parse(f.codecache());

        assertEquals(List.of("CodeHeap 'non-profiled nmethods'", "CodeHeap 'profiled nmethods'",
                "CodeHeap 'non-nmethods'"), HeapInfoTest.names(heaps));
        assertEquals(List.of(f.nonProfiled), heaps.get(0).ranges());
        assertEquals(List.of(f.profiled), heaps.get(1).ranges());
        assertEquals(List.of(f.nonNMethods), heaps.get(2).ranges());
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK25_G1", "JDK25_PARALLEL", "JDK25_SERIAL", "JDK25_SHENANDOAH", "JDK25_Z"})
    void ignoresTheTotalsLineOfJdk25(Fixture f) {
        assertTrue(f.codecache().contains("\nCodeCache: size=245764Kb"), "fixture has the totals line");

        List<Region> heaps = CodeHeaps.parse(f.codecache());

        assertEquals(3, heaps.size());
        assertTrue(heaps.stream().noneMatch(h -> h.name().equals("CodeCache")));
    }

    @Test
    void readsANonSegmentedCodeCacheAsOneHeapNamedCodeCache() {
        String codecache = "CodeCache: size=245760Kb used=1234Kb max_used=1240Kb free=244525Kb\n"
                + " bounds [0x00007f5e31000000, 0x00007f5e31270000, 0x00007f5e40000000]\n"
                + " total_blobs=300 nmethods=10 adapters=200\n"
                + " compilation: enabled\n"
                + "              stopped_count=0, restarted_count=0\n"
                + " full_count=0\n";

        List<Region> heaps = CodeHeaps.parse(codecache);

        assertEquals(List.of("CodeCache"), HeapInfoTest.names(heaps));
        assertEquals(List.of(r(0x7f5e31000000L, 0x7f5e40000000L)), heaps.get(0).ranges());
    }
}
