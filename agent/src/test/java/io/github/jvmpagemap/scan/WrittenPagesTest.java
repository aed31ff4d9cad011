package io.github.jvmpagemap.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
        assertEquals(4 * PAGE, pages.writtenBytes(0, Long.MAX_VALUE));
        assertEquals(20 * PAGE, pages.trackedBytes(0, Long.MAX_VALUE));
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

        assertEquals(0, pages.writtenBytes(0, Long.MAX_VALUE));
        assertEquals(-1, pages.windowNanos());
    }

    @Test
    void manyDisjointRangesGrowTheSetAndAreFoundByAddress() {
        WrittenPages pages = new WrittenPages();
        for (long p = 0; p < 10_000; p++) {
            pages.written(2 * p * PAGE, (2 * p + 1) * PAGE);
        }
        assertEquals(10_000 * PAGE, pages.writtenBytes(0, Long.MAX_VALUE));
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
    void aSampleTakesAboutOneBlockInSoManyWhateverTheStrideOfTheAddresses() {
        for (int stride : new int[] {1, 4, 64, 512}) {
            int picked = 0;
            for (long b = 0; b < 65_536; b++) {
                if (WrittenPages.sampled(0x7f0000000000L + b * stride * WrittenPages.SAMPLE_BLOCK, 64)) {
                    picked++;
                }
            }
            int n = picked;
            assertTrue(n > 65_536 / 64 * 0.8 && n < 65_536 / 64 * 1.2, () -> "stride " + stride + ": " + n);
        }
        assertTrue(WrittenPages.sampled(12345 * PAGE, 1), "a sample of one in one is every page");
        long block = 0x7f0000000000L;
        while (!WrittenPages.sampled(block, 64)) {
            block += WrittenPages.SAMPLE_BLOCK;
        }
        for (long at = block; at < block + WrittenPages.SAMPLE_BLOCK; at += PAGE) {
            assertTrue(WrittenPages.sampled(at, 64), "a block is sampled whole");
        }
    }

    @Test
    void theSampledBlocksOfARangeComeBlockByBlockWithTheirTrackedAndWrittenBytes() {
        WrittenPages pages = new WrittenPages();
        pages.clear(8);
        long block = WrittenPages.SAMPLE_BLOCK;
        // Block 1 tracked whole, its first page written; block 2 tracked in two pieces, none written.
        pages.sampledPiece(block, block + PAGE, true);
        pages.sampledPiece(block + PAGE, 2 * block, false);
        pages.sampledPiece(2 * block, 2 * block + 2 * PAGE, false);
        pages.sampledPiece(2 * block + 4 * PAGE, 3 * block, false);
        List<long[]> seen = new ArrayList<>();

        pages.sampledBlocks(0, 10 * block, (b, tracked, written) -> seen.add(new long[] {b, tracked, written}));

        assertEquals(8, pages.sampleEvery());
        assertEquals(List.of("1 32768 4096", "2 8192 0", "2 16384 0"),
                seen.stream().map(x -> x[0] + " " + x[1] + " " + x[2]).toList());
        seen.clear();
        pages.sampledBlocks(block + 2 * PAGE, 2 * block + PAGE, (b, tracked, written) -> seen.add(new long[] {b,
                tracked, written}));
        assertEquals(List.of("1 24576 0", "2 4096 0"), seen.stream().map(x -> x[0] + " " + x[1] + " " + x[2]).toList());

        pages.clear();

        assertEquals(1, pages.sampleEvery());
        seen.clear();
        pages.sampledBlocks(0, 10 * block, (b, tracked, written) -> seen.add(new long[] {b}));
        assertEquals(List.of(), seen);
    }
}
