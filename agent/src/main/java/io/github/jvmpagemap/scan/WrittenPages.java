package io.github.jvmpagemap.scan;

import java.util.Arrays;

/**
 * What one write window saw, read at its end: the address ranges whose present pages the window
 * watched ({@code tracked}), and within them the pages written at least once ({@code written}).
 * Present memory outside {@code tracked} (huge pages left alone, mappings created or replaced
 * during the window, what registration refused) is untracked: neither written nor not written.
 *
 * <p>A window may watch a sample of the pages instead of all ({@link #sampleEvery} above 1: the
 * pages {@link #sampled} picks, one in that many by a hash of the address, so that no stride of
 * the application's writes lines up with the sample): then {@code written} is empty and the
 * sampled pages that were tracked and written are kept one by one, for an estimate.
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

    /** True if the page at {@code address} is in the sample of one page in {@code every}. */
    public static boolean sampled(long address, int every) {
        if (every <= 1) {
            return true;
        }
        // SplitMix64's finaliser over the page number: every bit of the address moves the result.
        long z = (address >>> 12) + 0x9E3779B97F4A7C15L;
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

    /** The sampled page [page, page + pageSize) was tracked, and written if {@code wasWritten}; in address order. */
    public void sampledPage(long page, long pageSize, boolean wasWritten) {
        sampledTracked.add(page, page + pageSize);
        if (wasWritten) {
            sampledWritten.add(page, page + pageSize);
        }
    }

    /** Bytes of the sampled pages of [from, to) that were tracked. */
    public long sampledTrackedBytes(long from, long to) {
        return sampledTracked.overlap(from, to);
    }

    /** Bytes of the sampled pages of [from, to) that were written. */
    public long sampledWrittenBytes(long from, long to) {
        return sampledWritten.overlap(from, to);
    }

    /** [from, to) is watched; calls come in address order. */
    public void tracked(long from, long to) {
        tracked.add(from, to);
    }

    /** [from, to), inside what is tracked, was written; calls come in address order. */
    public void written(long from, long to) {
        written.add(from, to);
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

    /** The tracked bytes in all. */
    public long trackedBytes() {
        return tracked.total();
    }

    /** The written bytes in all. */
    public long writtenBytes() {
        return written.total();
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

        long overlap(long from, long to) {
            // The first range ending after from.
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ends[mid] <= from) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            long bytes = 0;
            for (int i = lo; i < count && starts[i] < to; i++) {
                bytes += Math.min(to, ends[i]) - Math.max(from, starts[i]);
            }
            return bytes;
        }

        long total() {
            long bytes = 0;
            for (int i = 0; i < count; i++) {
                bytes += ends[i] - starts[i];
            }
            return bytes;
        }
    }
}
