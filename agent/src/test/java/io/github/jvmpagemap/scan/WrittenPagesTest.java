package io.github.jvmpagemap.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrittenPagesTest {
    private static final long PAGE = 4096;

    @Test
    void overlapsCountOnlyTheBytesInsideTheAskedRange() {
        WrittenPages pages = new WrittenPages();
        pages.tracked(10 * PAGE, 20 * PAGE);
        pages.tracked(30 * PAGE, 40 * PAGE);
        pages.written(12 * PAGE, 14 * PAGE);
        pages.written(19 * PAGE, 20 * PAGE);
        pages.written(30 * PAGE, 31 * PAGE);

        assertEquals(20 * PAGE, pages.trackedBytes(0, 100 * PAGE));
        assertEquals(10 * PAGE, pages.trackedBytes(15 * PAGE, 35 * PAGE));
        assertEquals(0, pages.trackedBytes(20 * PAGE, 30 * PAGE));
        assertEquals(4 * PAGE, pages.writtenBytes(0, 100 * PAGE));
        assertEquals(3 * PAGE, pages.writtenBytes(13 * PAGE, 31 * PAGE));
        assertEquals(PAGE, pages.writtenBytes(13 * PAGE, 14 * PAGE));
        assertEquals(4 * PAGE, pages.writtenBytes());
        assertEquals(20 * PAGE, pages.trackedBytes());
    }

    @Test
    void adjacentRangesAreJoinedAndAClearedSetIsEmptyAgain() {
        WrittenPages pages = new WrittenPages();
        for (long p = 0; p < 1000; p++) {
            pages.written(p * PAGE, (p + 1) * PAGE);
        }
        assertEquals(1000 * PAGE, pages.writtenBytes(0, 1000 * PAGE));
        pages.windowEnded(5);
        assertEquals(5, pages.windowNanos());

        pages.clear();

        assertEquals(0, pages.writtenBytes());
        assertEquals(-1, pages.windowNanos());
    }

    @Test
    void manyDisjointRangesGrowTheSetAndAreFoundByAddress() {
        WrittenPages pages = new WrittenPages();
        for (long p = 0; p < 10_000; p++) {
            pages.written(2 * p * PAGE, (2 * p + 1) * PAGE);
        }
        assertEquals(10_000 * PAGE, pages.writtenBytes());
        assertEquals(PAGE, pages.writtenBytes(9_000 * PAGE, 9_002 * PAGE));
        assertEquals(0, pages.writtenBytes(9_001 * PAGE, 9_002 * PAGE));
    }

    @Test
    void rangesOutOfAddressOrderAreRefused() {
        WrittenPages pages = new WrittenPages();
        pages.written(10 * PAGE, 20 * PAGE);

        assertThrows(IllegalArgumentException.class, () -> pages.written(15 * PAGE, 30 * PAGE));
    }

    @Test
    void aSampleTakesAboutOnePageInSoManyWhateverTheStrideOfTheAddresses() {
        for (int stride : new int[] {1, 4, 64, 512}) {
            int picked = 0;
            for (long p = 0; p < 65_536; p++) {
                if (WrittenPages.sampled(0x7f0000000000L + p * stride * PAGE, 64)) {
                    picked++;
                }
            }
            int n = picked;
            assertTrue(n > 65_536 / 64 * 0.8 && n < 65_536 / 64 * 1.2, () -> "stride " + stride + ": " + n);
        }
        assertTrue(WrittenPages.sampled(12345 * PAGE, 1), "a sample of one in one is every page");
    }

    @Test
    void sampledPagesAreKeptForTheirRowsAndClearedWithTheSampleSize() {
        WrittenPages pages = new WrittenPages();
        pages.clear(8);
        pages.sampledPage(10 * PAGE, PAGE, true);
        pages.sampledPage(20 * PAGE, PAGE, false);

        assertEquals(8, pages.sampleEvery());
        assertEquals(2 * PAGE, pages.sampledTrackedBytes(0, 100 * PAGE));
        assertEquals(PAGE, pages.sampledWrittenBytes(0, 100 * PAGE));
        assertEquals(0, pages.sampledWrittenBytes(15 * PAGE, 100 * PAGE));

        pages.clear();

        assertEquals(1, pages.sampleEvery());
        assertEquals(0, pages.sampledTrackedBytes(0, 100 * PAGE));
    }
}
