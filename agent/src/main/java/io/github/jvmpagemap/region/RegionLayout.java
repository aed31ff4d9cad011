package io.github.jvmpagemap.region;

import java.util.List;

/**
 * The JVM's regions as last discovered.
 *
 * @param regions top-level regions, each with its sub-regions
 * @param collector the garbage collector recognised
 * @param problems what could not be discovered, one line each
 * @param discoveries how many times a layout source has been read so far
 * @param stackGroups the thread stacks by group of thread names ({@link StackGroups#NONE} if not known)
 */
public record RegionLayout(List<Region> regions, Collector collector, List<String> problems, int discoveries,
        StackGroups stackGroups) {

    /** A layout without thread-stack groups. */
    public RegionLayout(List<Region> regions, Collector collector, List<String> problems, int discoveries) {
        this(regions, collector, problems, discoveries, StackGroups.NONE);
    }

    /**
     * True if the layout was found in the memory maps (ZGC's heap, the process categories): finding
     * it again needs every mapping of the process. Otherwise it comes from the JVM, and the next scan needs only the
     * mappings inside its regions.
     */
    public boolean foundInMaps() {
        return collector == Collector.ZGC || regions.stream().anyMatch(r -> r.kind() == RowKind.PROCESS_CATEGORY);
    }
}
