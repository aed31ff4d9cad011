package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageCounts;
import io.github.jvmpagemap.scan.RunState;
import io.github.jvmpagemap.scan.WrittenPages;
import java.util.Arrays;
import java.util.Set;

/**
 * One top-level row's counts during a scan, by owner: index 0 for pages no sub-row owns, s + 1 for
 * sub-row s. Each run is counted once, for its owner; the row's total is their sum. Then its rows:
 * the row's own figures, and each sub-row's. Reused from scan to scan while its region stays in the
 * layout: a row whose figures are those of the previous scan's row is that row again, the same
 * object, so that an idle application's scans make no new rows.
 */
final class RegionTally implements WrittenPages.SampleSink {
    private static final BlockSample[] NO_SAMPLES = new BlockSample[0];
    private final Region region;
    private final long pageSize;
    private final PageCounts[] counts;
    private final PageCounts total;
    private final long[] committed;
    /** What the scan's write window saw, or null without one. */
    private WrittenPages window;
    /**
     * By owner, with a window: present bytes written (exact windows), present bytes the window
     * did not watch, and for a sampled window the sampled blocks.
     */
    private final long[] written;
    private final long[] untracked;
    private BlockSample[] samples;
    /** The owner whose run {@link #block} hears of. */
    private int owner;
    /** The rows of the previous scan, by owner (the region's own at 0); null where none yet. */
    private final RegionResidency[] previous;
    /** A row's figures as they are worked out, before they are found equal to the previous row's or copied into a new one. */
    private final long[] values = new long[Figure.values().length];
    /** What {@link #writes} worked out: written bytes and their standard error (exact for a window that watched every page). */
    private long writtenBytes;
    private long writtenError;

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

    RegionTally(Region region, long pageSize) {
        this.region = region;
        this.pageSize = pageSize;
        counts = new PageCounts[region.subRegions().size() + 1];
        committed = new long[counts.length];
        written = new long[counts.length];
        untracked = new long[counts.length];
        previous = new RegionResidency[counts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new PageCounts(pageSize);
        }
        total = new PageCounts(pageSize);
    }

    /** A scan of the region begins, with what its write window saw ({@code window}, or null). */
    void start(WrittenPages window) {
        this.window = window;
        for (PageCounts owner : counts) {
            owner.clear();
        }
        Arrays.fill(committed, 0);
        Arrays.fill(written, 0);
        Arrays.fill(untracked, 0);
        samples = window == null || window.sampleEvery() == 1 ? NO_SAMPLES : new BlockSample[counts.length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = new BlockSample();
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

    /** The counts of the whole row, summed anew at each call. */
    PageCounts total() {
        total.clear();
        for (PageCounts owner : counts) {
            total.add(owner);
        }
        return total;
    }

    /** Hands the row, then its sub-rows, to {@code rows}, each figure measured where {@code measured} has what it needs. */
    void rows(PageCounts total, Set<Capability> measured, RowPeaks peaks, ScanRows rows) {
        long totalCommitted = sum(committed);
        BlockSample all = null;
        if (samples.length > 0) {
            all = new BlockSample();
            for (BlockSample sample : samples) {
                sample.close();
                sample.addTo(all);
            }
        }
        writes(sum(written), tracked(total, sum(untracked)), all);
        rows.add(row(0, region, null, total, totalCommitted, sum(untracked), measured, peaks));
        for (int s = 0; s < region.subRegions().size(); s++) {
            writes(written[s + 1], tracked(counts[s + 1], untracked[s + 1]), samples.length == 0 ? null : samples[s + 1]);
            rows.add(row(s + 1, region.subRegions().get(s), region, counts[s + 1], committed[s + 1], untracked[s + 1],
                    measured, peaks));
        }
    }

    /**
     * What a row's window saw written, in {@link #writtenBytes} and {@link #writtenError}: the count
     * where every page was watched; for a sample, the ratio estimate over its sampled blocks (their
     * written bytes over their tracked bytes) times what the window could watch in the row, with the
     * standard error of that ratio between blocks, finite population corrected. A row with one
     * sampled block has the error of its pages as if independent; one with none, an estimate of 0
     * with its whole tracked size as error.
     */
    private void writes(long exact, long trackedBytes, BlockSample sample) {
        if (sample == null || samples.length == 0) {
            writtenBytes = exact;
            writtenError = 0;
            return;
        }
        if (sample.n == 0 || sample.sumM == 0) {
            writtenBytes = 0;
            writtenError = trackedBytes;
            return;
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
        writtenBytes = Math.min(trackedBytes, Math.round(share * trackedBytes / pageSize) * pageSize);
        writtenError = Math.round(trackedBytes * Math.sqrt(variance));
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

    /**
     * The row of {@code r}, a sub-row of {@code parent} or (parent null) a top-level row: the
     * previous scan's row of owner {@code owner} if its figures are all the same, else a new one.
     */
    private RegionResidency row(int owner, Region r, Region parent, PageCounts counts, long committedBytes,
            long untrackedBytes, Set<Capability> measured, RowPeaks peaks) {
        for (int f = 0; f < Figure.MEASURED.size(); f++) {
            Figure figure = Figure.MEASURED.get(f);
            values[figure.ordinal()] = figure.needs() != null && !measured.contains(figure.needs())
                    || unread(figure, counts) ? Figure.UNAVAILABLE : switch (figure) {
                        case WRITTEN -> writtenBytes;
                        case WRITTEN_ERROR -> writtenError;
                        case UNTRACKED -> untrackedBytes;
                        default -> measure(figure, r, counts, committedBytes);
                    };
        }
        Region top = parent == null ? r : parent;
        String subName = parent == null ? null : r.name();
        peaks.apply(top.name(), subName, values);
        RegionResidency last = previous[owner];
        if (last == null || !Arrays.equals(last.values(), values)) {
            last = new RegionResidency(top.name(), subName, top.kind(), values.clone());
            previous[owner] = last;
        }
        return last;
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
