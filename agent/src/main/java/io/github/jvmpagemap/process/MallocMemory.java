package io.github.jvmpagemap.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Which part of each writable anonymous piece glibc's malloc made, by the headers it writes
 * ({@link GlibcMalloc}): an arena's heap, or chunks it mapped on its own. A verdict is kept while
 * its piece keeps its bounds, so that a mapping's headers are read once, not at every
 * classification; a piece whose headers could not be read (not resident) is asked again next time.
 * The reservation behind an arena's heap (its {@code ---p} rest, up to 64 MiB) is glibc's too.
 */
final class MallocMemory {
    /** The native part [nativeStart, nativeEnd) found in the piece [start, end). */
    record Verdict(long start, long end, long nativeStart, long nativeEnd) {
    }

    private final GlibcMalloc malloc;
    private final long pageSize;
    /** The verdicts of the last classification, sorted by start. */
    private List<Verdict> kept = List.of();
    /** The verdicts of the classification under way. */
    private final List<Verdict> next = new ArrayList<>();
    /** The end of the reservation behind the arena heap found last in the classification under way. */
    private long arenaReserveEnd;

    MallocMemory(GlibcMalloc malloc, long pageSize) {
        this.malloc = malloc;
        this.pageSize = pageSize;
    }

    /** A classification begins: pieces come in address order until {@link #end}. */
    void begin() {
        next.clear();
        arenaReserveEnd = 0;
    }

    /** The classification is done: its verdicts are the ones kept. */
    void end() {
        kept = List.copyOf(next);
    }

    /**
     * Where the reservation behind the arena heap just before {@code at} ends, if an inaccessible
     * piece starting at {@code at} lies in it: the end, at most {@code pieceEnd}; {@code at} if it
     * does not.
     */
    long arenaReservationEnd(long at, long pieceEnd) {
        return at < arenaReserveEnd ? Math.min(pieceEnd, arenaReserveEnd) : at;
    }

    /**
     * The native part of the writable anonymous piece [start, end): all of it, a part at its start
     * or its end, or none ({@code nativeStart == nativeEnd}).
     *
     * @param reachesMappingEnd whether the piece ends where its mapping does (an arena heap's
     *     reservation can then follow)
     */
    Verdict nativePart(long start, long end, boolean reachesMappingEnd) {
        Verdict verdict = kept(start, end);
        if (verdict == null) {
            verdict = read(start, end);
        }
        if (verdict != null) {
            next.add(verdict);
        } else {
            verdict = new Verdict(start, end, start, start);
        }
        if (verdict.nativeEnd == end && verdict.nativeStart % GlibcMalloc.HEAP_MAX_SIZE == 0
                && verdict.nativeStart < verdict.nativeEnd && reachesMappingEnd) {
            arenaReserveEnd = verdict.nativeStart + GlibcMalloc.HEAP_MAX_SIZE;
        }
        return verdict;
    }

    /** The verdict kept for exactly [start, end), or null. */
    private Verdict kept(long start, long end) {
        int low = 0;
        int high = kept.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Verdict v = kept.get(mid);
            if (v.start < start) {
                low = mid + 1;
            } else if (v.start > start) {
                high = mid - 1;
            } else {
                return v.end == end ? v : null;
            }
        }
        return null;
    }

    /** Reads the headers: the verdict, or null if they could not be read (then none is kept). */
    private Verdict read(long start, long end) {
        long arena = (start + GlibcMalloc.HEAP_MAX_SIZE - 1) / GlibcMalloc.HEAP_MAX_SIZE * GlibcMalloc.HEAP_MAX_SIZE;
        boolean read = true;
        if (arena < end) {
            if (malloc.isArenaHeap(arena, end)) {
                long chunks = malloc.mappedChunksEnd(start, arena, pageSize);
                return chunks == arena ? new Verdict(start, end, start, end) : new Verdict(start, end, arena, end);
            }
            read = !malloc.lastReadFailed();
        }
        long chunks = malloc.mappedChunksEnd(start, end, pageSize);
        read &= !malloc.lastReadFailed();
        return read ? new Verdict(start, end, start, chunks) : null;
    }
}
