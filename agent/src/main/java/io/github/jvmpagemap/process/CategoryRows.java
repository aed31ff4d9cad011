package io.github.jvmpagemap.process;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Evidence;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.StackGroups;
import io.github.jvmpagemap.rows.RowNames;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of the process categories, in the table's order, from one {@link Classification}:
 * {@code Thread Stacks} (Java's and the JVM's threads, with their groups), {@code GC Structures},
 * {@code Native Heap}, {@code Mapped Files} (libraries, the JDK's modules, other files) and
 * {@code Other Native} (with a sub-row per other tag NMT names), each saying how it was found.
 */
final class CategoryRows {
    private CategoryRows() {
    }

    static List<Region> of(Classification c, StackGroups stackGroups) {
        Set<Evidence> stacksFound = EnumSet.of(Evidence.THREAD_STACK_POINTERS, Evidence.MEMORY_MAPS);
        Set<Evidence> gcFound = EnumSet.of(Evidence.JVM_REPORT);
        Set<Evidence> otherFound = EnumSet.of(Evidence.MEMORY_MAPS);
        if (c.nmtLabelledStacks()) {
            stacksFound.add(Evidence.NMT_LABELS);
        }
        if (c.nmtLabelledGcTables()) {
            gcFound.add(Evidence.NMT_LABELS);
        }
        List<Region> nmtTags = new ArrayList<>();
        c.nmtTags().forEach((tag, ranges) -> nmtTags.add(leaf(tag, EnumSet.of(Evidence.NMT_LABELS), ranges)));
        if (!nmtTags.isEmpty()) {
            otherFound.add(Evidence.NMT_LABELS);
        }
        List<AddressRange> otherNative = new ArrayList<>(c.ranges(MemoryClass.OTHER_NATIVE));
        nmtTags.forEach(tag -> otherNative.addAll(tag.ranges()));
        Set<Evidence> maps = EnumSet.of(Evidence.MEMORY_MAPS);
        return List.of(
                parent(RowNames.THREAD_STACKS, stacksFound, List.of(leaf(c, MemoryClass.JAVA_STACK, stacksFound),
                        leaf(c, MemoryClass.JVM_STACK, stacksFound))).withStackGroups(stackGroups),
                leaf(RowNames.GC_STRUCTURES, gcFound, c.gcTables()),
                leaf(c, MemoryClass.NATIVE_HEAP, EnumSet.of(Evidence.MEMORY_MAPS, Evidence.MALLOC_HEADERS)),
                parent(RowNames.MAPPED_FILES, maps, List.of(leaf(c, MemoryClass.SHARED_LIBRARY, maps),
                        leaf(c, MemoryClass.JDK_MODULES, maps), leaf(c, MemoryClass.OTHER_FILE, maps))),
                Region.category(RowNames.OTHER_NATIVE, otherFound, otherNative, nmtTags));
    }

    private static Region leaf(Classification c, MemoryClass memoryClass, Set<Evidence> evidence) {
        return leaf(memoryClass.row(), evidence, c.ranges(memoryClass));
    }

    private static Region leaf(String name, Set<Evidence> evidence, List<AddressRange> ranges) {
        return Region.category(name, evidence, ranges, List.of());
    }

    /** A row whose ranges are its sub-rows'. */
    private static Region parent(String name, Set<Evidence> evidence, List<Region> subs) {
        List<AddressRange> all = new ArrayList<>();
        for (Region sub : subs) {
            all.addAll(sub.ranges());
        }
        return Region.category(name, evidence, all, subs);
    }
}
