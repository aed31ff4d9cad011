package io.github.jvmpagemap.jvm;

import static io.github.jvmpagemap.jvm.Fixture.r;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Region;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeapInfoTest {

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void recognisesTheCollectorOfEveryFixture(Fixture f) {
        assertEquals(f.collector, HeapInfo.parse(f.heapInfo()).collector());
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK17_G1", "JDK25_G1", "JDK17_SHENANDOAH", "JDK25_SHENANDOAH"})
    void readsTheOneGigabyteReservationOfG1AndShenandoahWithoutSpaces(Fixture f) {
        HeapInfo heap = HeapInfo.parse(f.heapInfo());

        assertEquals(List.of(r(0xc0000000L, 0x100000000L)), heap.reserved());
        assertEquals(List.of(), heap.spaces());
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK17_PARALLEL", "JDK25_PARALLEL"})
    void parsesEdenSurvivorAndOldSpacesOfParallel(Fixture f) {
        HeapInfo heap = HeapInfo.parse(f.heapInfo());

        // ParOldGen [0xc0000000, 0xeab00000) and PSYoungGen [0xeab00000, 0x100000000) touch: one reservation.
        assertEquals(List.of(r(0xc0000000L, 0x100000000L)), heap.reserved());
        assertEquals(List.of("PS Eden Space", "PS Survivor Space", "PS Old Gen"), names(heap.spaces()));
        assertEquals(List.of(r(0xeab00000L, 0xf0a00000L)), heap.spaces().get(0).ranges());
        // "to" space [0xf0a00000, 0xf1980000) lies below "from" space [0xf1980000, 0xf2900000).
        assertEquals(List.of(r(0xf0a00000L, 0xf1980000L), r(0xf1980000L, 0xf2900000L)),
                heap.spaces().get(1).ranges());
        assertEquals(List.of(r(0xc0000000L, 0xeab00000L)), heap.spaces().get(2).ranges());
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK17_SERIAL", "JDK25_SERIAL"})
    void parsesEdenSurvivorAndTenuredSpacesOfSerial(Fixture f) {
        HeapInfo heap = HeapInfo.parse(f.heapInfo());

        // def new generation / DefNew [0xc0000000, 0xd5550000) and tenured [0xd5550000, 0x100000000).
        assertEquals(List.of(r(0xc0000000L, 0x100000000L)), heap.reserved());
        assertEquals(List.of("Eden Space", "Survivor Space", "Tenured Gen"), names(heap.spaces()));
        assertEquals(List.of(r(0xc0000000L, 0xc64e0000L)), heap.spaces().get(0).ranges());
        assertEquals(List.of(r(0xc64e0000L, 0xc7170000L), r(0xc7170000L, 0xc7e00000L)),
                heap.spaces().get(1).ranges());
        assertEquals(List.of(r(0xd5550000L, 0x100000000L)), heap.spaces().get(2).ranges());
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK17_Z", "JDK25_Z"})
    void recognisesZgcWhichPrintsNoAddresses(Fixture f) {
        HeapInfo heap = HeapInfo.parse(f.heapInfo());

        assertEquals(Collector.ZGC, heap.collector());
        assertEquals(List.of(), heap.reserved());
        assertEquals(List.of(), heap.spaces());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        // What Epsilon prints: a collector this project does not know.
        " Epsilon Heap\n"
                + " - committed: 402653184\n"
                + " - reserved:  1073741824\n"
                + " - [low, high]:     [0x00000000c0000000, 0x00000000d8000000]\n"
                + " - [low_b, high_b]: [0x00000000c0000000, 0x0000000100000000]\n"
                + "Allocation space:\n"
                + " space 393216K, 16% used [0x00000000c0000000, 0x00000000c4000000, 0x00000000d8000000)\n"})
    void givesUnknownWithoutRangesForOutputItDoesNotRecognise(String output) {
        HeapInfo heap = HeapInfo.parse(output);

        assertEquals(Collector.UNKNOWN, heap.collector());
        assertEquals(List.of(), heap.reserved());
        assertTrue(heap.spaces().isEmpty());
    }

    static List<String> names(List<Region> regions) {
        return regions.stream().map(Region::name).toList();
    }
}
