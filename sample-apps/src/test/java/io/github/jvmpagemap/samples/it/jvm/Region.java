package io.github.jvmpagemap.samples.it.jvm;

import io.github.jvmpagemap.samples.it.kernel.Range;
import java.util.Arrays;
import java.util.List;

/**
 * A JVM region as the tests find it from outside the JVM: its reserved ranges (sorted), its
 * sub-regions, and the offsets of further views of the same memory (JDK 17's ZGC maps its heap
 * three times; the ranges are the lowest view).
 */
public record Region(String name, List<Range> ranges, List<Region> subRegions, long[] views) {
    public static final String JAVA_HEAP = "Java Heap";
    public static final String METASPACE = "Metaspace";
    public static final String CLASS_SPACE = "Compressed Class Space";
    public static final String CODE_CACHE = "Code Cache";
    public static final String CDS_ARCHIVE = "CDS Archive";
    /** Every JVM region, in the order the agent lists them. */
    public static final List<String> NAMES = List.of(JAVA_HEAP, METASPACE, CLASS_SPACE, CODE_CACHE, CDS_ARCHIVE);
    /** The process categories the agent lists after the JVM regions, by the names users see. */
    public static final List<String> CATEGORIES = List.of("Thread Stacks", "GC Structures", "Native Heap", "Mapped Files",
            "Other Native");
    /** Every top-level row: the JVM regions, then the process categories. */
    public static final List<String> ROWS = java.util.stream.Stream.concat(NAMES.stream(), CATEGORIES.stream()).toList();

    Region(String name, List<Range> ranges) {
        this(name, ranges, List.of(), new long[0]);
    }

    /** The offset of each view of this memory: 0, then those of the further views. */
    public long[] allViews() {
        long[] all = new long[views.length + 1];
        System.arraycopy(views, 0, all, 1, views.length);
        return all;
    }

    public long reservedBytes() {
        return ranges.stream().mapToLong(Range::size).sum();
    }

    @Override
    public String toString() {
        return name + ranges + (subRegions.isEmpty() ? "" : " " + subRegions)
                + (views.length == 0 ? "" : " views+" + Arrays.toString(views));
    }
}
