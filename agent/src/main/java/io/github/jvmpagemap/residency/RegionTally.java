package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageCounts;
import io.github.jvmpagemap.scan.RunState;
import io.github.jvmpagemap.scan.WrittenPages;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One top-level row's counts during a scan, by owner: index 0 for pages no sub-row owns, s + 1 for
 * sub-row s. Each run is counted once, for its owner; the row's total is their sum. Then its rows:
 * the row's own figures, and each sub-row's.
 */
final class RegionTally implements WrittenPages.SampleSink {
    private final Region region;
    private final long pageSize;
    private final PageCounts[] counts;
    private final long[] committed;
    /** What the scan's write window saw, or null without one. */
    private final WrittenPages window;
    /**
     * By owner, with a window: present bytes written (exact windows), present bytes the window
     * did not watch, and for a sampled window the sampled blocks.
     */
    private final long[] written;
    private final long[] untracked;
    private final BlockSample[] samples;
    /** The owner whose run {@link #block} hears of. */
    private int owner;

    /**
     * One owner's sampled blocks, each the unit of a ratio estimate: how many, and the sums of
     * their tracked bytes m, written bytes w, and of m², w² and wm for the estimate's variance.
     * A block seen in pieces (runs of other states between) is summed before it counts.
     */
    private static final class BlockSample {
        long current = -1;
        double m;
        double w;
        long n;
        double sumM;
        double sumW;
        double sumMm;
        double sumWw;
        double sumWm;

        void piece(long block, long trackedBytes, long writtenBytes) {
            if (block != current) {
                close();
                current = block;
            }
            m += trackedBytes;
            w += writtenBytes;
        }

        void close() {
            if (current >= 0 && m > 0) {
                n++;
                sumM += m;
                sumW += w;
                sumMm += m * m;
                sumWw += w * w;
                sumWm += w * m;
            }
            current = -1;
            m = 0;
            w = 0;
        }

        void addTo(BlockSample total) {
            total.n += n;
            total.sumM += sumM;
            total.sumW += sumW;
            total.sumMm += sumMm;
            total.sumWw += sumWw;
            total.sumWm += sumWm;
        }
    }

    RegionTally(Region region, long pageSize, WrittenPages window) {
        this.region = region;
        this.pageSize = pageSize;
        this.window = window;
        counts = new PageCounts[region.subRegions().size() + 1];
        committed = new long[counts.length];
        written = new long[counts.length];
        untracked = new long[counts.length];
        samples = new BlockSample[window == null || window.sampleEvery() == 1 ? 0 : counts.length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new BlockSample();
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new PageCounts(pageSize);
        }
    }

    /** [from, to) of sub-row {@code sub} (-1 for none) is committed, {@code hugeBytes} of it on huge pages as smaps tells. */
    void committed(int sub, long from, long to, long hugeBytes, long pmdMappedBytes) {
        committed[sub + 1] += to - from;
        if (hugeBytes >= 0) {
            counts[sub + 1].addHugeBytes(hugeBytes, pmdMappedBytes);
        }
    }

    void run(int sub, long from, long to, long state) {
        counts[sub + 1].run(from, to, state);
        if (window != null && RunState.is(state, RunState.PRESENT)) {
            untracked[sub + 1] += to - from - window.trackedBytes(from, to);
            if (samples.length == 0) {
                written[sub + 1] += window.writtenBytes(from, to);
            } else {
                owner = sub + 1;
                window.sampledBlocks(from, to, this);
            }
        }
    }

    @Override
    public void block(long block, long trackedBytes, long writtenBytes) {
        samples[owner].piece(block, trackedBytes, writtenBytes);
    }

    void error(String message) {
        counts[0].error(message);
    }

    /** The counts of the whole row. */
    PageCounts total() {
        PageCounts total = new PageCounts(pageSize);
        for (PageCounts owner : counts) {
            total.add(owner);
        }
        return total;
    }

    /** The row, then its sub-rows, each figure measured where {@code measured} has what it needs. */
    List<RegionResidency> rows(PageCounts total, Set<Capability> measured) {
        List<RegionResidency> rows = new ArrayList<>(counts.length);
        long totalCommitted = sum(committed);
        BlockSample all = new BlockSample();
        for (BlockSample sample : samples) {
            sample.close();
            sample.addTo(all);
        }
        rows.add(row(region, null, total, totalCommitted, writes(sum(written), tracked(total, sum(untracked)), all), sum(untracked),
                measured));
        for (int s = 0; s < region.subRegions().size(); s++) {
            rows.add(row(region.subRegions().get(s), region, counts[s + 1], committed[s + 1], writes(written[s + 1],
                    tracked(counts[s + 1], untracked[s + 1]), samples.length == 0 ? null : samples[s + 1]), untracked[s + 1], measured));
        }
        return rows;
    }

    /** Written bytes and their standard error: exact for a window that watched every page. */
    private record Writes(long bytes, long error) {
    }

    /**
     * What a row's window saw written: the count where every page was watched; for a sample, the
     * ratio estimate over its sampled blocks (their written bytes over their tracked bytes) times
     * what the window could watch in the row, with the standard error of that ratio between blocks,
     * finite population corrected. A row with one sampled block has the error of its pages as if
     * independent; one with none, an estimate of 0 with its whole tracked size as error.
     */
    private Writes writes(long exact, long trackedBytes, BlockSample sample) {
        if (sample == null || samples.length == 0) {
            return new Writes(exact, 0);
        }
        if (sample.n == 0 || sample.sumM == 0) {
            return new Writes(0, trackedBytes);
        }
        double share = sample.sumW / sample.sumM;
        double correction = trackedBytes > 0 ? Math.max(0, 1 - sample.sumM / trackedBytes) : 0;
        double variance;
        if (sample.n < 2) {
            variance = share * (1 - share) / (sample.sumM / pageSize) * correction;
        } else {
            double meanM = sample.sumM / sample.n;
            double residuals = sample.sumWw - 2 * share * sample.sumWm + share * share * sample.sumMm;
            variance = Math.max(0, residuals) / (sample.n - 1) / (sample.n * meanM * meanM) * correction;
        }
        long estimate = Math.min(trackedBytes, Math.round(share * trackedBytes / pageSize) * pageSize);
        return new Writes(estimate, Math.round(trackedBytes * Math.sqrt(variance)));
    }

    /** The present bytes a window could watch: what is resident less what it could not. */
    private long tracked(PageCounts counts, long untrackedBytes) {
        return counts.present() * pageSize - untrackedBytes;
    }

    private static long sum(long[] byOwner) {
        long total = 0;
        for (long bytes : byOwner) {
            total += bytes;
        }
        return total;
    }

    /** The row of {@code r}, a sub-row of {@code parent} or (parent null) a top-level row. */
    private RegionResidency row(Region r, Region parent, PageCounts counts, long committedBytes, Writes writes,
            long untrackedBytes, Set<Capability> measured) {
        long[] values = new long[Figure.values().length];
        for (Figure figure : Figure.MEASURED) {
            values[figure.ordinal()] = figure.needs() != null && !measured.contains(figure.needs())
                    || unread(figure, counts) ? Figure.UNAVAILABLE : switch (figure) {
                        case WRITTEN -> writes.bytes();
                        case WRITTEN_ERROR -> writes.error();
                        case UNTRACKED -> untrackedBytes;
                        default -> measure(figure, r, counts, committedBytes);
                    };
        }
        Region top = parent == null ? r : parent;
        return new RegionResidency(top.name(), parent == null ? null : r.name(), top.kind(), values);
    }

    /** True if the row has pages whose sharing or map count were left unread, which this figure needs. */
    private static boolean unread(Figure figure, PageCounts counts) {
        return figure == Figure.SHARED && counts.sharingUnread() > 0
                || figure == Figure.PROPORTIONAL && counts.mapCountUnread() > 0;
    }

    private long measure(Figure figure, Region r, PageCounts counts, long committedBytes) {
        return switch (figure) {
            case START -> r.start();
            case END -> r.end();
            case RESERVED -> r.reservedBytes();
            case COMMITTED -> committedBytes;
            // The scanner's RowPeaks raises it to the highest an earlier scan saw.
            case RESIDENT, PEAK_RESIDENT -> counts.present() * pageSize;
            case SWAPPED -> counts.swapped() * pageSize;
            case HUGE_PAGE -> counts.huge() * pageSize;
            case LARGE_FOLIO -> counts.largeFolio() * pageSize;
            case ZERO_PAGE -> counts.zero() * pageSize;
            case SHARED -> counts.shared() * pageSize;
            case PROPORTIONAL -> Math.round(counts.proportional() * pageSize);
            case UNREADABLE -> counts.unreadable() * pageSize;
            case WRITTEN, WRITTEN_ERROR, UNTRACKED, RESIDENT_PERCENT -> throw new IllegalArgumentException("not measured from page counts: " + figure);
        };
    }
}
