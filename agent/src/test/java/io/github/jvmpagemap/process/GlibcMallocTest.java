package io.github.jvmpagemap.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.scan.MemoryWords;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlibcMallocTest {
    private static final long PAGE = 4096;
    private static final long HEAP = 64L << 20;
    private final Map<Long, long[]> memory = new HashMap<>();
    private final MemoryWords words = (address, into, count) -> {
        long[] at = memory.get(address);
        if (at == null) {
            return false;
        }
        System.arraycopy(at, 0, into, 0, count);
        return true;
    };
    private final GlibcMalloc malloc = new GlibcMalloc(words);

    @Test
    void recognisesTheFirstHeapOfAnArenaByItsHeader() {
        long start = 0x7f0004000000L;
        // heap_info: ar_ptr just after the header, no previous heap, size 132 KiB, readable 132 KiB
        memory.put(start, new long[] {start + 0x30, 0, 132 * 1024, 132 * 1024});
        assertTrue(malloc.isArenaHeap(start, start + 132 * 1024));
    }

    @Test
    void recognisesALaterHeapOfAnArenaPointingAtTheFirst() {
        long first = 0x7f0004000000L;
        long later = first + 2 * HEAP;
        memory.put(later, new long[] {first + 0x30, first, 8 * PAGE, 16 * PAGE});
        assertTrue(malloc.isArenaHeap(later, later + 16 * PAGE));
    }

    @Test
    void rejectsAHeaderWhoseReadableSizeIsNotTheMapping() {
        long start = 0x7f0004000000L;
        memory.put(start, new long[] {start + 0x30, 0, 132 * 1024, 132 * 1024});
        assertFalse(malloc.isArenaHeap(start, start + 256 * 1024));
    }

    @Test
    void rejectsUnalignedMemoryAndZerosAndWhatCannotBeRead() {
        long aligned = 0x7f0004000000L;
        memory.put(aligned + PAGE, new long[] {aligned + PAGE + 0x30, 0, PAGE, PAGE});
        assertFalse(malloc.isArenaHeap(aligned + PAGE, aligned + 2 * PAGE), "not 64 MiB-aligned");
        memory.put(aligned, new long[] {0, 0, 0, 0});
        assertFalse(malloc.isArenaHeap(aligned, aligned + PAGE), "zeros: JVM memory, say");
        assertFalse(malloc.isArenaHeap(aligned + HEAP, aligned + HEAP + PAGE), "not resident");
    }

    @Test
    void followsMappedChunksTheKernelMergedIntoOneMapping() {
        long start = 0x7f1000000000L;
        memory.put(start, new long[] {0, 64 * PAGE | 0x2});
        memory.put(start + 64 * PAGE, new long[] {0, 33 * PAGE | 0x2});
        assertEquals(start + 97 * PAGE, malloc.mappedChunksEnd(start, start + 97 * PAGE, PAGE));
    }

    @Test
    void stopsAtTheFirstThingThatIsNoMappedChunk() {
        long start = 0x7f1000000000L;
        memory.put(start, new long[] {0, 64 * PAGE | 0x2});
        memory.put(start + 64 * PAGE, new long[] {0, 0}); // memory mapped by someone else
        assertEquals(start + 64 * PAGE, malloc.mappedChunksEnd(start, start + 128 * PAGE, PAGE));
    }

    @Test
    void findsNoChunkWithoutTheMmappedBitOrBeyondTheMapping() {
        long start = 0x7f1000000000L;
        memory.put(start, new long[] {0, 64 * PAGE | 0x1});
        assertEquals(start, malloc.mappedChunksEnd(start, start + 64 * PAGE, PAGE), "no IS_MMAPPED");
        memory.put(start, new long[] {0, 128 * PAGE | 0x2});
        assertEquals(start, malloc.mappedChunksEnd(start, start + 64 * PAGE, PAGE), "larger than the mapping");
        memory.put(start, new long[] {0, (64 * PAGE + 16) | 0x2});
        assertEquals(start, malloc.mappedChunksEnd(start, start + 128 * PAGE, PAGE), "not whole pages");
    }
}
