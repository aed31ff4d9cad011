package io.github.jvmpagemap.process;

import io.github.jvmpagemap.layout.AddressRange;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pieces of the process's mappings outside the JVM's regions as one classification sorts them:
 * the ranges of each {@link MemoryClass}, of the collector's side tables, and of each other tag NMT
 * names; and which classes took NMT's word for some of their memory. Pieces come in address order,
 * and a piece that touches the last range of its class extends it.
 */
final class Classification {
    private final Map<MemoryClass, List<AddressRange>> byClass = new EnumMap<>(MemoryClass.class);
    private final List<AddressRange> gcTables = new ArrayList<>();
    private final Map<String, List<AddressRange>> nmtTags = new TreeMap<>();
    private boolean nmtStacks;
    private boolean nmtGcTables;

    Classification(List<AddressRange> gcTablesReported) {
        for (MemoryClass c : MemoryClass.values()) {
            byClass.put(c, new ArrayList<>());
        }
        gcTables.addAll(gcTablesReported);
    }

    void add(MemoryClass memoryClass, long from, long to) {
        add(byClass.get(memoryClass), from, to);
    }

    /** A stack NMT labels as one. */
    void addLabelledStack(MemoryClass stack, long from, long to) {
        add(stack, from, to);
        nmtStacks = true;
    }

    /** Memory NMT labels as the collector's. */
    void addLabelledGcTable(long from, long to) {
        add(gcTables, from, to);
        nmtGcTables = true;
    }

    /** Memory NMT labels with a tag of its own ({@code Arena Chunk}, {@code Internal}, ...). */
    void addTagged(String tag, long from, long to) {
        add(nmtTags.computeIfAbsent(tag, k -> new ArrayList<>()), from, to);
    }

    List<AddressRange> ranges(MemoryClass memoryClass) {
        return byClass.get(memoryClass);
    }

    List<AddressRange> gcTables() {
        return gcTables;
    }

    /** The ranges of each NMT tag, by tag in alphabetical order. */
    Map<String, List<AddressRange>> nmtTags() {
        return nmtTags;
    }

    boolean nmtLabelledStacks() {
        return nmtStacks;
    }

    boolean nmtLabelledGcTables() {
        return nmtGcTables;
    }

    /** Adds [from, to), joined to the last range where they touch. */
    private static void add(List<AddressRange> ranges, long from, long to) {
        if (from >= to) {
            return;
        }
        int last = ranges.size() - 1;
        if (last >= 0 && ranges.get(last).end() == from) {
            ranges.set(last, new AddressRange(ranges.get(last).start(), to));
        } else {
            ranges.add(new AddressRange(from, to));
        }
    }
}
