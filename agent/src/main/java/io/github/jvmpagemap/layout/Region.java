package io.github.jvmpagemap.layout;

import io.github.jvmpagemap.rows.RowKind;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A row's memory: the address ranges it owns and, for a top-level row, its sub-rows (which lie
 * inside those ranges); what kind of row it is, and how its memory was found. A JVM region's
 * ranges are what the JVM reserved for it; a process category's are the mappings (or their parts)
 * classified into it.
 *
 * <p>{@code views} are the offsets of further mappings of the same memory (JDK 17's ZGC maps
 * its heap three times); the ranges name the first view only.
 */
public final class Region {
    /** The views of memory mapped once: empty, so shared. */
    private static final long[] NO_VIEWS = new long[0];
    private final String name;
    private final RowKind kind;
    private final Set<Evidence> evidence;
    private final List<AddressRange> ranges;
    private final List<Region> subRegions;
    private final long[] views;
    private final long heapRegionSize;
    private final StackGroups stackGroups;
    /** Of the ranges, computed once: every scan asks for them for every row. */
    private final long end;
    private final long reservedBytes;

    /**
     * @param evidence how the memory was found (at least one way)
     * @param views offsets from the ranges to the other views of the same memory; usually none
     */
    public Region(String name, RowKind kind, Set<Evidence> evidence, List<AddressRange> ranges,
            List<Region> subRegions, long[] views) {
        this(name, kind, evidence, ranges, subRegions, views, 0, StackGroups.NONE);
    }

    private Region(String name, RowKind kind, Set<Evidence> evidence, List<AddressRange> ranges,
            List<Region> subRegions, long[] views, long heapRegionSize, StackGroups stackGroups) {
        if (evidence.isEmpty()) {
            throw new IllegalArgumentException(name + ": a row found by no evidence");
        }
        this.name = name;
        this.kind = kind;
        this.evidence = Set.copyOf(evidence);
        this.ranges = ranges.stream().sorted(Comparator.comparingLong(AddressRange::start)).toList();
        this.subRegions = List.copyOf(subRegions);
        this.views = views.length == 0 ? NO_VIEWS : views.clone();
        this.heapRegionSize = heapRegionSize;
        this.stackGroups = stackGroups;
        long highest = 0;
        long size = 0;
        for (AddressRange range : this.ranges) {
            highest = Math.max(highest, range.end());
            size += range.size();
        }
        this.end = highest;
        this.reservedBytes = size;
    }

    /** A JVM region the JVM reported, with sub-regions, and views of multi-mapped memory (usually none). */
    public Region(String name, List<AddressRange> ranges, List<Region> subRegions, long[] views) {
        this(name, RowKind.JVM_REGION, EnumSet.of(Evidence.JVM_REPORT), ranges, subRegions, views);
    }

    /** A JVM region (or a sub-region) the JVM reported. */
    public Region(String name, List<AddressRange> ranges) {
        this(name, ranges, List.of(), new long[0]);
    }

    /** A process category's row (or sub-row) found by {@code evidence}. */
    public static Region category(String name, Set<Evidence> evidence, List<AddressRange> ranges,
            List<Region> subRegions) {
        return new Region(name, RowKind.PROCESS_CATEGORY, evidence, ranges, subRegions, new long[0]);
    }

    public String name() {
        return name;
    }

    /** Whether the row is a JVM region or a category of the rest of the process. */
    public RowKind kind() {
        return kind;
    }

    /** How the row's memory was found. */
    public Set<Evidence> evidence() {
        return evidence;
    }

    /** True if the JVM reported this memory as reserved: then the maps must show it. */
    public boolean reportedByJvm() {
        return evidence.contains(Evidence.JVM_REPORT);
    }

    /** Reserved ranges, sorted by address. */
    public List<AddressRange> ranges() {
        return ranges;
    }

    public List<Region> subRegions() {
        return subRegions;
    }

    /** Offsets from the ranges to the other views of the same memory; usually empty. */
    public long[] views() {
        return views.length == 0 ? NO_VIEWS : views.clone();
    }

    /**
     * The size of the collector's heap regions this sub-region is made of (G1's and Shenandoah's
     * region size), or 0 for a region that is not a set of heap regions.
     */
    public long heapRegionSize() {
        return heapRegionSize;
    }

    /** This region, made of the collector's heap regions of {@code size} bytes each. */
    public Region madeOfHeapRegions(long size) {
        return new Region(name, kind, evidence, ranges, subRegions, views, size, stackGroups);
    }

    /** This region with {@code subRegions} in place of its own. */
    public Region withSubRegions(List<Region> subRegions) {
        return new Region(name, kind, evidence, ranges, subRegions, views, heapRegionSize, stackGroups);
    }

    /**
     * The threads' stacks in this row by group of thread names ({@link StackGroups#NONE} for a row
     * that holds no stacks): a scan counts the row's pages by group too.
     */
    public StackGroups stackGroups() {
        return stackGroups;
    }

    /** This region, holding the thread stacks of {@code groups}. */
    public Region withStackGroups(StackGroups groups) {
        return new Region(name, kind, evidence, ranges, subRegions, views, heapRegionSize, groups);
    }

    public long start() {
        return ranges.isEmpty() ? 0 : ranges.get(0).start();
    }

    public long end() {
        return end;
    }

    public long reservedBytes() {
        return reservedBytes;
    }

    /** This region and its sub-regions, each range widened outwards to whole pages. */
    public Region alignedTo(long pageSize) {
        return new Region(name, kind, evidence, ranges.stream().map(r -> r.pageAligned(pageSize)).toList(),
                subRegions.stream().map(s -> s.alignedTo(pageSize)).toList(), views, heapRegionSize, stackGroups);
    }

    @Override
    public String toString() {
        return name + ranges + (subRegions.isEmpty() ? "" : " " + subRegions)
                + (views.length == 0 ? "" : " views+" + Arrays.toString(views));
    }
}
