package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.scan.PageSink;

/**
 * Hands one region's committed memory and page runs to the scan's consumers, each cut where a
 * sub-region begins or ends, so that every page reaches exactly one owner. One kernel walk per
 * committed mapping serves all the sub-regions inside it. Reused from region to region.
 */
final class OwnerCut implements PageSink {
    private final RunConsumer tally;
    private RunConsumer extra;
    private Region region;
    private Owners owners;
    private int cursor;

    OwnerCut(RunConsumer tally) {
        this.tally = tally;
    }

    /** From now on, cuts for {@code region}, and hands everything to {@code extra} too (may be null). */
    void region(Region region, Owners owners, RunConsumer extra) {
        this.region = region;
        this.owners = owners;
        this.extra = extra;
        this.cursor = 0;
    }

    /** [from, to) of the region is committed. */
    void committed(long from, long to) {
        cut(from, to, 0, true);
    }

    @Override
    public void run(long from, long to, long state) {
        cut(from, to, state, false);
    }

    @Override
    public void error(String message) {
        tally.error(region, message);
        if (extra != null) {
            extra.error(region, message);
        }
    }

    private void cut(long from, long to, long state, boolean committed) {
        if (owners.count() == 0) {
            hand(-1, from, to, state, committed, tally);
            if (extra != null) {
                hand(-1, from, to, state, committed, extra);
            }
            return;
        }
        long at = from;
        while (at < to) {
            int i = owners.locate(at, cursor);
            cursor = i;
            int owner = -1;
            long next = to;
            if (i < owners.count()) {
                if (owners.start(i) <= at) {
                    owner = owners.owner(i);
                    next = Math.min(to, owners.end(i));
                } else {
                    next = Math.min(to, owners.start(i));
                }
            }
            hand(owner, at, next, state, committed, tally);
            if (extra != null) {
                hand(owner, at, next, state, committed, extra);
            }
            at = next;
        }
    }

    private void hand(int owner, long from, long to, long state, boolean committed, RunConsumer consumer) {
        if (committed) {
            consumer.committed(region, owner, from, to);
        } else {
            consumer.run(region, owner, from, to, state);
        }
    }
}
