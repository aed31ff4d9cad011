package io.github.jvmpagemap.region;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A named part of the JVM's address space: the reserved ranges it owns and, for a top-level
 * region, its sub-regions (which lie inside those ranges).
 *
 * <p>{@code views} are the offsets of further mappings of the same memory (JDK 17's ZGC maps
 * its heap three times); the ranges name the first view only.
 */
public final class Region {
    public static final String JAVA_HEAP = "Java Heap";
    public static final String METASPACE = "Metaspace";
    public static final String CLASS_SPACE = "Compressed Class Space";
    public static final String CODE_CACHE = "Code Cache";
    public static final String CDS_ARCHIVE = "CDS Archive";

    private final String name;
    private final RowKind kind;
    private final List<AddressRange> ranges;
    private final List<Region> subRegions;
    private final long[] views;
    private final long heapRegionSize;

    public Region(String name, RowKind kind, List<AddressRange> ranges, List<Region> subRegions, long[] views) {
        this(name, kind, ranges, subRegions, views, 0);
    }

    private Region(String name, RowKind kind, List<AddressRange> ranges, List<Region> subRegions, long[] views,
            long heapRegionSize) {
        this.name = name;
        this.kind = kind;
        this.ranges = ranges.stream().sorted(Comparator.comparingLong(AddressRange::start)).toList();
        this.subRegions = List.copyOf(subRegions);
        this.views = views.clone();
        this.heapRegionSize = heapRegionSize;
    }

    /** A JVM region with sub-regions, and views of multi-mapped memory (usually none). */
    public Region(String name, List<AddressRange> ranges, List<Region> subRegions, long[] views) {
        this(name, RowKind.JVM_REGION, ranges, subRegions, views);
    }

    public Region(String name, List<AddressRange> ranges) {
        this(name, ranges, List.of(), new long[0]);
    }

    public String name() {
        return name;
    }

    /** Whether the row is a JVM region or a category of the rest of the process. */
    public RowKind kind() {
        return kind;
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
        return views.clone();
    }

    /**
     * The size of the collector's heap regions this sub-region is made of (G1's and Shenandoah's
     * region size), or 0 for a region that is not a set of heap regions.
     */
    public long heapRegionSize() {
        return heapRegionSize;
    }

    /** This region, made of the collector's heap regions of {@code size} bytes each. */
    Region madeOfHeapRegions(long size) {
        return new Region(name, kind, ranges, subRegions, views, size);
    }

    public long start() {
        return ranges.isEmpty() ? 0 : ranges.get(0).start();
    }

    public long end() {
        return ranges.stream().mapToLong(AddressRange::end).max().orElse(0);
    }

    public long reservedBytes() {
        return ranges.stream().mapToLong(AddressRange::size).sum();
    }

    Region alignedTo(long pageSize) {
        return new Region(name, kind, ranges.stream().map(r -> r.pageAligned(pageSize)).toList(),
                subRegions.stream().map(s -> s.alignedTo(pageSize)).toList(), views, heapRegionSize);
    }

    @Override
    public String toString() {
        return name + ranges + (subRegions.isEmpty() ? "" : " " + subRegions)
                + (views.length == 0 ? "" : " views+" + Arrays.toString(views));
    }
}
