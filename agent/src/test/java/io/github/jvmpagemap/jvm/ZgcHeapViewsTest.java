package io.github.jvmpagemap.jvm;

import static io.github.jvmpagemap.jvm.Fixture.r;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.rows.RowNames;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZgcHeapViewsTest {

    @Test
    void takesTheFirstOfJdk17sThreeViewsAsTheHeapAndTheOthersAsViewOffsets() {
        // 40000000000-40017a00000 rw-s memfd, then ---p up to 40400000000; the same memfd offset 0
        // is mapped again at 80000000000 and at 100000000000.
        Region heap = ZgcHeapViews.find(Fixture.JDK17_Z.maps()).orElseThrow();

        assertEquals(RowNames.JAVA_HEAP, heap.name());
        assertEquals(List.of(r(0x40000000000L, 0x40400000000L)), heap.ranges());
        assertArrayEquals(new long[] {0x40000000000L, 0xC0000000000L}, heap.views());
    }

    @Test
    void findsOneViewForGenerationalZgcOnJdk25() {
        Region heap = ZgcHeapViews.find(Fixture.JDK25_Z.maps()).orElseThrow();

        assertEquals(List.of(r(0x40000000000L, 0x40400000000L)), heap.ranges());
        assertArrayEquals(new long[0], heap.views());
    }

    @Test
    void mappedMemoryIsTheFirstViewsHeapMappingsOnly() {
        MemoryMaps maps = Fixture.JDK17_Z.maps();
        Region heap = ZgcHeapViews.find(maps).orElseThrow();

        // 40000000000-40017a00000 rw-s memfd; the views at 80000000000 and 100000000000 are not the heap's ranges.
        assertEquals(List.of(r(0x40000000000L, 0x40017a00000L)), ZgcHeapViews.mapped(maps, heap));
    }

    @Test
    void findsNothingInMapsWithoutTheHeapMemfd() {
        assertEquals(Optional.empty(), ZgcHeapViews.find(Fixture.JDK17_G1.maps()));
    }
}
