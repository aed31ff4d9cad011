package io.github.jvmpagemap.process;

import io.github.jvmpagemap.scan.MemoryWords;

/**
 * Recognises memory that glibc's malloc mapped on its own, by the headers glibc writes into it
 * (glibc's {@code malloc/arena.c} and {@code malloc/malloc.c}, 64-bit):
 * <ul>
 * <li>a heap of a secondary arena: a {@link #HEAP_MAX_SIZE 64 MiB} reservation aligned to its
 *     size, beginning with {@code heap_info}: the arena it belongs to, the previous heap (null or
 *     itself 64 MiB-aligned), its size in use and the size made readable, which is exactly the
 *     readable mapping at its start;
 * <li>a chunk of its own mapping ({@code mmap}ed for a request above the mmap threshold): a
 *     header of two words at the mapping's start, the alignment padding before the chunk and the
 *     chunk's size with the {@code IS_MMAPPED} bit, which together span the mapping. Neighbouring
 *     chunks the kernel merged into one mapping are followed header to header.
 * </ul>
 * Only the headers are read, through {@link MemoryWords}, and only where resident: memory not
 * positively identified is not glibc's.
 */
final class GlibcMalloc {
    /** {@code HEAP_MAX_SIZE} on 64-bit: twice the largest mmap threshold (4 MiB * sizeof(long)). */
    static final long HEAP_MAX_SIZE = 64L << 20;
    private static final long IS_MMAPPED = 0x2;
    private static final long SIZE_BITS = 0x7;
    /** {@code MALLOC_ALIGNMENT}: the padding before an mmapped chunk is less than this. */
    private static final long ALIGNMENT = 16;

    private final MemoryWords memory;
    private final long[] words = new long[4];
    private boolean lastReadFailed;

    GlibcMalloc(MemoryWords memory) {
        this.memory = memory;
    }

    /**
     * True if {@code [start, readableEnd)} is the readable part of a secondary arena's heap at
     * {@code start}.
     */
    boolean isArenaHeap(long start, long readableEnd) {
        lastReadFailed = false;
        if (start % HEAP_MAX_SIZE != 0 || readableEnd - start > HEAP_MAX_SIZE) {
            return false;
        }
        if (!memory.read(start, words, 4)) {
            lastReadFailed = true;
            return false;
        }
        long arena = words[0];
        long previous = words[1];
        long size = words[2];
        long readable = words[3];
        boolean arenaInAHeap = arena != 0 && (arena - start > 0 && arena - start < 4096
                || arena % HEAP_MAX_SIZE != 0 && previous != 0);
        return arenaInAHeap && previous % HEAP_MAX_SIZE == 0 && previous != start
                && size > 0 && size <= readable && readable == readableEnd - start;
    }

    /**
     * How far from {@code start} the mmapped chunks that begin there reach, header to header, up
     * to {@code end}: {@code start} if no chunk begins there.
     */
    long mappedChunksEnd(long start, long end, long pageSize) {
        long at = start;
        lastReadFailed = false;
        while (at < end) {
            if (!memory.read(at, words, 2)) {
                lastReadFailed = at == start;
                break;
            }
            long padding = words[0];
            long head = words[1];
            long chunk = head & ~SIZE_BITS;
            if ((head & IS_MMAPPED) == 0 || padding < 0 || padding >= ALIGNMENT || chunk <= 0
                    || (chunk + padding) % pageSize != 0 || chunk + padding > end - at) {
                break;
            }
            at += chunk + padding;
        }
        return at;
    }

    /**
     * True if the last question could not be answered because the header could not be read (not
     * resident, say), as opposed to a header that was read and is not glibc's.
     */
    boolean lastReadFailed() {
        return lastReadFailed;
    }
}
