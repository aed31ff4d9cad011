package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.region.AddressRange;
import io.github.jvmpagemap.region.Region;
import java.util.List;

/**
 * The committed pieces of a region: its reserved ranges intersected with the accessible
 * mappings, cut where sub-regions begin and end, so each page belongs to exactly one piece.
 */
public final class RegionPieces {
    private RegionPieces() {
    }

    /** Receives one piece: [start, end) of {@code region}, owned by sub-region {@code sub} (-1 for none). */
    @FunctionalInterface
    public interface Visitor {
        void piece(Region region, int sub, long start, long end);
    }

    public static void forEach(Region region, MemoryMaps maps, Visitor visitor) {
        for (AddressRange range : region.ranges()) {
            for (int i = maps.firstEndingAfter(range.start());
                    i < maps.count() && Long.compareUnsigned(maps.start(i), range.end()) < 0; i++) {
                if (maps.accessible(i)) {
                    long start = Math.max(range.start(), maps.start(i));
                    long end = Math.min(range.end(), maps.end(i));
                    if (start < end) {
                        cut(region, start, end, visitor);
                    }
                }
            }
        }
    }

    private static void cut(Region region, long start, long end, Visitor visitor) {
        List<Region> subs = region.subRegions();
        long at = start;
        while (at < end) {
            int owner = -1;
            long next = end;
            for (int s = 0; s < subs.size(); s++) {
                for (AddressRange r : subs.get(s).ranges()) {
                    if (r.contains(at)) {
                        owner = s;
                        next = Math.min(next, r.end());
                    } else if (r.start() > at) {
                        next = Math.min(next, r.start());
                    }
                }
            }
            visitor.piece(region, owner, at, next);
            at = next;
        }
    }
}
