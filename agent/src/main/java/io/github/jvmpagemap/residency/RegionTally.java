package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One top-level row's counts during a scan, by owner: index 0 for pages no sub-row owns, s + 1 for
 * sub-row s. Each run is counted once, for its owner; the row's total is their sum. Then its rows:
 * the row's own figures, and each sub-row's.
 */
final class RegionTally {
    private final Region region;
    private final long pageSize;
    private final PageCounts[] counts;
    private final long[] committed;

    RegionTally(Region region, long pageSize) {
        this.region = region;
        this.pageSize = pageSize;
        counts = new PageCounts[region.subRegions().size() + 1];
        committed = new long[counts.length];
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
        long totalCommitted = 0;
        for (long c : committed) {
            totalCommitted += c;
        }
        rows.add(row(region, null, total, totalCommitted, measured));
        for (int s = 0; s < region.subRegions().size(); s++) {
            rows.add(row(region.subRegions().get(s), region, counts[s + 1], committed[s + 1], measured));
        }
        return rows;
    }

    /** The row of {@code r}, a sub-row of {@code parent} or (parent null) a top-level row. */
    private RegionResidency row(Region r, Region parent, PageCounts counts, long committedBytes,
            Set<Capability> measured) {
        long[] values = new long[Figure.values().length];
        for (Figure figure : Figure.MEASURED) {
            values[figure.ordinal()] = figure.needs() != null && !measured.contains(figure.needs())
                    || unread(figure, counts) ? Figure.UNAVAILABLE : measure(figure, r, counts, committedBytes);
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
            case RESIDENT -> counts.present() * pageSize;
            case SWAPPED -> counts.swapped() * pageSize;
            case HUGE_PAGE -> counts.huge() * pageSize;
            case LARGE_FOLIO -> counts.largeFolio() * pageSize;
            case ZERO_PAGE -> counts.zero() * pageSize;
            case SHARED -> counts.shared() * pageSize;
            case PROPORTIONAL -> Math.round(counts.proportional() * pageSize);
            case UNREADABLE -> counts.unreadable() * pageSize;
            case RESIDENT_PERCENT -> throw new IllegalArgumentException("a ratio is not measured: " + figure);
        };
    }
}
