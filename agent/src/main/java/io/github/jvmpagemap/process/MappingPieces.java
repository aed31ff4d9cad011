package io.github.jvmpagemap.process;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.proc.MemoryMaps;
import java.util.List;

/**
 * The process's mappings outside what the JVM reported (its regions, their views, its collector's
 * side tables), cut where NMT's labels begin and end: every such address once, in address order,
 * as pieces of one mapping and at most one label. The kernel's {@code [vsyscall]} page, above the
 * process's address space, has no page table entry and is left out.
 */
final class MappingPieces {
    /** Receives the pieces. */
    @FunctionalInterface
    interface Visitor {
        /** [from, to) of mapping {@code mapping}, labelled by NMT {@code label} or by nothing (null). */
        void piece(int mapping, long from, long to, NmtLabels.Label label);
    }

    private MappingPieces() {
    }

    /**
     * @param reported what the JVM reported, sorted and merged
     * @param labels NMT's labels sorted by address; empty without NMT
     */
    static void visit(MemoryMaps maps, List<AddressRange> reported, List<NmtLabels.Label> labels, Visitor visitor) {
        int o = 0;
        int l = 0;
        for (int i = 0; i < maps.count() && maps.start(i) >= 0; i++) {
            long at = maps.start(i);
            long end = maps.end(i);
            while (at < end) {
                while (o < reported.size() && reported.get(o).end() <= at) {
                    o++;
                }
                if (o < reported.size() && reported.get(o).start() <= at) {
                    at = Math.min(end, reported.get(o).end());
                    continue;
                }
                long pieceEnd = o < reported.size() ? Math.min(end, reported.get(o).start()) : end;
                while (l < labels.size() && labels.get(l).end() <= at) {
                    l++;
                }
                NmtLabels.Label label = null;
                if (l < labels.size()) {
                    if (labels.get(l).start() <= at) {
                        label = labels.get(l);
                        pieceEnd = Math.min(pieceEnd, label.end());
                    } else {
                        pieceEnd = Math.min(pieceEnd, labels.get(l).start());
                    }
                }
                visitor.piece(i, at, pieceEnd, label);
                at = pieceEnd;
            }
        }
    }
}
