package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Region;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java heap's reserved range and, for Parallel and Serial, its spaces, read from
 * {@code GC.heap_info}. The format differs between collectors and between JDK 17 and 25
 * ({@code def new generation} became {@code DefNew}); ZGC prints no addresses at all (its heap
 * is found in the memory maps instead).
 *
 * @param collector the collector recognised, {@link Collector#UNKNOWN} if none
 * @param reserved the heap's reserved ranges; empty for ZGC and for an unrecognised collector
 * @param spaces sub-regions named like the collector's memory pools
 */
public record HeapInfo(Collector collector, List<AddressRange> reserved, List<Region> spaces) {

    public static HeapInfo parse(String heapInfo) {
        Collector collector = Collector.UNKNOWN;
        List<AddressRange> generations = new ArrayList<>();
        AddressRange eden = null;
        List<AddressRange> survivors = new ArrayList<>();
        AddressRange old = null;
        String[] lines = heapInfo.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.startsWith("garbage-first heap")) {
                collector = Collector.G1;
                generations.add(Addresses.firstToLast(line));
            } else if (line.startsWith("Shenandoah Heap")) {
                collector = Collector.SHENANDOAH;
            } else if (line.startsWith("Reserved region:") && i + 1 < lines.length) {
                generations.add(Addresses.firstToLast(lines[i + 1]));
            } else if (line.startsWith("ZHeap")) {
                collector = Collector.ZGC;
            } else if (line.startsWith("PSYoungGen")) {
                collector = Collector.PARALLEL;
                generations.add(Addresses.firstToLast(line));
            } else if (line.startsWith("def new generation") || line.startsWith("DefNew")) {
                collector = Collector.SERIAL;
                generations.add(Addresses.firstToLast(line));
            } else if (line.startsWith("ParOldGen") || line.startsWith("tenured generation")
                    || line.startsWith("Tenured")) {
                old = Addresses.firstToLast(line);
                generations.add(old);
            } else if (line.startsWith("eden space")) {
                eden = Addresses.firstToLast(line);
            } else if (line.startsWith("from space") || line.matches("to\\s+space.*")) {
                survivors.add(Addresses.firstToLast(line));
            }
        }
        List<Region> spaces = new ArrayList<>();
        if (collector.hasMovingSpaces()) {
            String prefix = collector == Collector.PARALLEL ? "PS " : "";
            if (eden != null) {
                spaces.add(new Region(prefix + "Eden Space", List.of(eden)));
            }
            if (!survivors.isEmpty()) {
                spaces.add(new Region(prefix + "Survivor Space", survivors));
            }
            if (old != null) {
                spaces.add(new Region(collector == Collector.PARALLEL ? "PS Old Gen" : "Tenured Gen", List.of(old)));
            }
        }
        if (collector == Collector.UNKNOWN || collector == Collector.ZGC) {
            generations.clear();
        }
        return new HeapInfo(collector, merge(generations), spaces);
    }

    /** Adjacent generations become one range: the heap is one reservation. */
    private static List<AddressRange> merge(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        List<AddressRange> merged = new ArrayList<>();
        for (AddressRange r : sorted) {
            AddressRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && Long.compareUnsigned(r.start(), last.end()) <= 0) {
                merged.set(merged.size() - 1, new AddressRange(last.start(),
                        Long.compareUnsigned(r.end(), last.end()) > 0 ? r.end() : last.end()));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }
}
