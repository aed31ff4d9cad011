package io.github.jvmpagemap.scan;

import java.util.Arrays;

/**
 * What one write window saw, read at its end: the address ranges whose present pages the window
 * watched ({@code tracked}), and within them the pages written at least once ({@code written}).
 * Present memory outside {@code tracked} (huge pages left alone, mappings created or replaced
 * during the window, what registration refused) is untracked: neither written nor not written.
 *
 * <p>A window may watch a sample of the pages instead of all ({@link #sampleEvery} above 1): the
 * blocks of {@link #SAMPLE_BLOCK} bytes {@link #sampled} picks, one in that many by a hash of the
 * block's address, so that no stride of the application's writes lines up with the sample, and
 * each block is armed by one call. Then {@code written} is empty and the tracked and written parts
 * of the sampled blocks are kept, for an estimate whose units are the blocks.
 *
 * <p>All are sorted, disjoint ranges in growing arrays reused window after window, so a read adds
 * no object per range; a row's figures are overlaps found by binary search.
 */
public final class WrittenPages {
    private final Ranges tracked = new Ranges();
    private final Ranges written = new Ranges();
    private final Ranges sampledTracked = new Ranges();
    private final Ranges sampledWritten = new Ranges();
    private long windowNanos = -1;
    private int sampleEvery = 1;

    /** The unit of a sample: eight 4 KiB pages, armed by one call, aligned. */
    public static final long SAMPLE_BLOCK = 32 * 1024;

    /** Receives the sampled blocks of a range, piece by piece, in address order. */
    public interface SampleSink {
        /** Of sampled block {@code block} (its address / {@link #SAMPLE_BLOCK}), these bytes were tracked, these written. */
        void block(long block, long trackedBytes, long writtenBytes);
    }

    /** True if the block holding {@code address} is in the sample of one block in {@code every}. */
    public static boolean sampled(long address, int every) {
        if (every <= 1) {
            return true;
        }
        // SplitMix64's finaliser over the block number: every bit of the address moves the result.
        long z = address / SAMPLE_BLOCK + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return Long.remainderUnsigned(z, every) == 0;
    }

    /** Empties every set for a new read of a window that watched one page in {@code sampleEvery}. */
    public void clear(int sampleEvery) {
        tracked.clear();
        written.clear();
        sampledTracked.clear();
        sampledWritten.clear();
        windowNanos = -1;
        this.sampleEvery = sampleEvery;
    }

    /** Empties every set for a new read of a window that watched every page. */
    public void clear() {
        clear(1);
    }

    /** One page in how many the window watched: 1 for all of them, an exact count. */
    public int sampleEvery() {
        return sampleEvery;
    }

    /** [from, to) is watched; calls come in address order. */
    public void tracked(long from, long to) {
        tracked.add(from, to);
    }

    /** [from, to), inside what is tracked, was written (a window that watched every page); in address order. */
    public void written(long from, long to) {
        written.add(from, to);
    }

    /** [from, to), part of a sampled block, was tracked, and written if {@code wasWritten}; in address order. */
    public void sampledPiece(long from, long to, boolean wasWritten) {
        sampledTracked.add(from, to);
        if (wasWritten) {
            sampledWritten.add(from, to);
        }
    }

    /** Hands {@code sink} the sampled blocks' tracked and written bytes within [from, to), in address order. */
    public void sampledBlocks(long from, long to, SampleSink sink) {
        int i = sampledTracked.firstEndingAfter(from);
        for (; i < sampledTracked.count && sampledTracked.starts[i] < to; i++) {
            long at = Math.max(from, sampledTracked.starts[i]);
            long end = Math.min(to, sampledTracked.ends[i]);
            while (at < end) {
                long block = at / SAMPLE_BLOCK;
                long pieceEnd = Math.min(end, (block + 1) * SAMPLE_BLOCK);
                sink.block(block, pieceEnd - at, sampledWritten.overlap(at, pieceEnd));
                at = pieceEnd;
            }
        }
    }

    /** The read is complete: the window lasted this long. */
    public void windowEnded(long nanos) {
        windowNanos = nanos;
    }

    /** How long the window lasted, up to its read; -1 before any read. */
    public long windowNanos() {
        return windowNanos;
    }

    /** Bytes of [from, to) that are tracked. */
    public long trackedBytes(long from, long to) {
        return tracked.overlap(from, to);
    }

    /** Bytes of [from, to) that were written. */
    public long writtenBytes(long from, long to) {
        return written.overlap(from, to);
    }

    /** Sorted disjoint ranges; adjacent ones are joined. */
    private static final class Ranges {
        private long[] starts = new long[256];
        private long[] ends = new long[256];
        private int count;

        void clear() {
            count = 0;
        }

        void add(long from, long to) {
            if (to <= from) {
                return;
            }
            if (count > 0 && from < ends[count - 1]) {
                throw new IllegalArgumentException("ranges out of order: 0x" + Long.toHexString(from) + " before 0x"
                        + Long.toHexString(ends[count - 1]));
            }
            if (count > 0 && from == ends[count - 1]) {
                ends[count - 1] = to;
                return;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            starts[count] = from;
            ends[count] = to;
            count++;
        }

        /** The first range ending after {@code address}. */
        int firstEndingAfter(long address) {
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ends[mid] <= address) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        long overlap(long from, long to) {
            long bytes = 0;
            for (int i = firstEndingAfter(from); i < count && starts[i] < to; i++) {
                bytes += Math.min(to, ends[i]) - Math.max(from, starts[i]);
            }
            return bytes;
        }
    }
}
