package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Evidence;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.rows.RowNames;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * ZGC's heap, found in the memory maps: the shared mappings of the memfd {@code java_heap}
 * together with the PROT_NONE reservation around them. ZGC prints no heap addresses.
 *
 * <p>JDK 17's ZGC maps every heap page in three views (marked0, marked1, remapped). The
 * lowest view becomes the region's ranges and the others its view offsets, so each physical
 * page is counted once; generational ZGC (JDK 21+) has a single view.
 */
public final class ZgcHeapViews {
    private ZgcHeapViews() {
    }

    public static Optional<Region> find(MemoryMaps maps) {
        Map<Long, Integer> lowestByOffset = new HashMap<>();
        List<Integer> heapMappings = new ArrayList<>();
        for (int i = 0; i < maps.count(); i++) {
            if (maps.kind(i) == MemoryMaps.ZGC_HEAP) {
                heapMappings.add(i);
                lowestByOffset.merge(maps.offset(i), i,
                        (a, b) -> Long.compareUnsigned(maps.start(a), maps.start(b)) <= 0 ? a : b);
            }
        }
        if (heapMappings.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<Long> views = new TreeSet<>();
        boolean[] primary = new boolean[maps.count()];
        for (int i : heapMappings) {
            int lowest = lowestByOffset.get(maps.offset(i));
            if (lowest == i) {
                primary[i] = true;
            } else {
                views.add(maps.start(i) - maps.start(lowest));
            }
        }
        List<AddressRange> reserved = new ArrayList<>();
        for (int i = 0; i < maps.count(); i++) {
            if (!primary[i]) {
                continue;
            }
            int first = i;
            while (first > 0 && maps.end(first - 1) == maps.start(first) && inReservation(maps, first - 1, primary)) {
                first--;
            }
            int last = i;
            while (last + 1 < maps.count() && maps.end(last) == maps.start(last + 1)
                    && inReservation(maps, last + 1, primary)) {
                last++;
            }
            reserved.add(new AddressRange(maps.start(first), maps.end(last)));
            i = last; // the run reached forward as far as it goes: the next primary starts a new one
        }
        long[] offsets = views.stream().mapToLong(Long::longValue).toArray();
        // Found in the maps, not reported by the JVM: the views are shared memory named after the heap.
        return Optional.of(new Region(RowNames.JAVA_HEAP, RowKind.JVM_REGION, EnumSet.of(Evidence.MEMORY_MAPS),
                reserved, List.of(), offsets));
    }

    /**
     * The heap's mapped memory in the first view: the accessible {@code java_heap} mappings inside
     * {@code heap}'s ranges, sorted, adjacent ones joined.
     */
    public static List<AddressRange> mapped(MemoryMaps maps, Region heap) {
        List<AddressRange> mapped = new ArrayList<>();
        for (AddressRange range : heap.ranges()) {
            for (int i = maps.firstEndingAfter(range.start());
                    i < maps.count() && Long.compareUnsigned(maps.start(i), range.end()) < 0; i++) {
                if (maps.kind(i) != MemoryMaps.ZGC_HEAP || !maps.accessible(i)) {
                    continue;
                }
                long start = Math.max(range.start(), maps.start(i));
                long end = Math.min(range.end(), maps.end(i));
                int last = mapped.size() - 1;
                if (last >= 0 && mapped.get(last).end() == start) {
                    mapped.set(last, new AddressRange(mapped.get(last).start(), end));
                } else {
                    mapped.add(new AddressRange(start, end));
                }
            }
        }
        return mapped;
    }

    /** Part of the first view's reservation: a first-view heap mapping or reserved-only memory. */
    private static boolean inReservation(MemoryMaps maps, int i, boolean[] primary) {
        return primary[i] || (maps.kind(i) == MemoryMaps.ANONYMOUS && !maps.accessible(i));
    }
}
