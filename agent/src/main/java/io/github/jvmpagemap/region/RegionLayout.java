package io.github.jvmpagemap.region;

import java.util.List;

/**
 * The JVM's regions as last discovered.
 *
 * @param regions top-level regions, each with its sub-regions
 * @param collector the garbage collector recognised
 * @param problems what could not be discovered, one line each
 * @param discoveries how many times a layout source has been read so far
 */
public record RegionLayout(List<Region> regions, Collector collector, List<String> problems, int discoveries) {

    /**
     * True if the layout was found in the memory maps (ZGC's heap, the process categories): finding
     * it again needs every mapping of the process. Otherwise it comes from the JVM, and the next scan needs only the
     * mappings inside its regions.
     */
    public boolean foundInMaps() {
        return collector == Collector.ZGC || regions.stream().anyMatch(r -> r.kind() == RowKind.PROCESS_CATEGORY);
    }
}
