package io.github.jvmpagemap.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.scan.PageState;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellGridTest {
    static final long MIB = 1 << 20;
    static final long BASE = 0x7f00_0000_0000L;
    static final int RESIDENT = PageState.RESIDENT.ordinal();
    static final int SWAPPED = PageState.SWAPPED.ordinal();
    static final int UNTOUCHED = PageState.NOT_PRESENT.ordinal();

    @Test
    void aRunAcrossCellsIsCountedInEachByItsOverlapAndTheRestIsNotCommitted() {
        CellGrid grid = new CellGrid("Metaspace", List.of(new AddressRange(BASE, BASE + 6 * MIB)), 0, List.of());

        grid.add(BASE + MIB, BASE + 5 * MIB, RESIDENT, -1);

        assertEquals(3, grid.cells());
        assertEquals(2 * MIB, grid.cellSize());
        // 256 units of 4 KiB in each half of a 2 MiB cell
        assertEquals(256, grid.count(0, RESIDENT));
        assertEquals(256, grid.count(0, CellGrid.NOT_COMMITTED));
        assertEquals(512, grid.count(1, RESIDENT));
        assertEquals(0, grid.count(1, CellGrid.NOT_COMMITTED));
        assertEquals(256, grid.count(2, RESIDENT));
        assertEquals(256, grid.count(2, CellGrid.NOT_COMMITTED));
    }

    @Test
    void cellsFollowEachRangeAndTheLastCellOfARangeIsOnlyAsLargeAsWhatIsLeft() {
        long second = BASE + 1024 * MIB;
        CellGrid grid = new CellGrid("Metaspace", List.of(new AddressRange(BASE, BASE + 3 * MIB),
                new AddressRange(second, second + 2 * MIB)), 0, List.of());

        grid.add(second, second + MIB, SWAPPED, -1);
        grid.add(BASE + 2 * MIB, BASE + 3 * MIB, UNTOUCHED, -1);

        assertEquals(3, grid.cells(), "two cells for 3 MiB, one for the second range; nothing for the gap");
        assertEquals(512, grid.count(0, CellGrid.NOT_COMMITTED));
        assertEquals(256, grid.count(1, UNTOUCHED));
        assertEquals(0, grid.count(1, CellGrid.NOT_COMMITTED), "the 1 MiB left of the range is the cell");
        assertEquals(256, grid.count(2, SWAPPED));
        assertEquals(256, grid.total(SWAPPED));
    }

    @Test
    void aSplitHeapHasACellPerHeapRegionOwnedByItsSubRegionAndASharedCellIsMixed() {
        CellGrid grid = new CellGrid("Java Heap", List.of(new AddressRange(BASE, BASE + 8 * MIB)), 4 * MIB,
                List.of("G1 Eden Space", "G1 Old Gen"));

        grid.add(BASE, BASE + 4 * MIB, RESIDENT, 0);
        grid.add(BASE + 4 * MIB, BASE + 6 * MIB, RESIDENT, 1);
        grid.add(BASE + 6 * MIB, BASE + 8 * MIB, UNTOUCHED, 0);

        assertEquals(2, grid.cells());
        assertEquals(0, grid.subRegion(0));
        assertEquals(CellGrid.MIXED_SUB, grid.subRegion(1));
        assertEquals(512, grid.count(1, RESIDENT));
        assertEquals(512, grid.count(1, UNTOUCHED));
    }

    @Test
    void aHugeReservationGetsLargerCellsRatherThanTooManyOfThem() {
        long size = 1L << 40;
        CellGrid grid = new CellGrid("Java Heap", List.of(new AddressRange(BASE, BASE + size)), 0, List.of());

        assertEquals(CellGrid.MAX_CELLS, grid.cells());
        assertEquals(size / CellGrid.MAX_CELLS, grid.cellSize());
        assertEquals(size / CellGrid.UNIT, grid.total(CellGrid.NOT_COMMITTED));
    }

    @Test
    void aRunOutsideEveryRangeCountsNowhere() {
        CellGrid grid = new CellGrid("CDS Archive", List.of(new AddressRange(BASE, BASE + 2 * MIB)), 0, List.of());

        grid.add(BASE + 4 * MIB, BASE + 6 * MIB, RESIDENT, -1);

        assertEquals(0, grid.total(RESIDENT));
        assertEquals(CellGrid.NO_SUB, grid.subRegion(0));
    }
}
