package io.github.jvmpagemap.layout;

import java.util.List;

/**
 * The rows a scan attributes pages to, as last found.
 *
 * @param regions top-level rows, each with its sub-rows, in the order of the table
 * @param collector the garbage collector recognised
 * @param problems what could not be found, one line each
 * @param discoveries how many times the JVM has been asked for its layout so far
 * @param gcTables the collector's side tables as the JVM reports them (card table, mark bitmaps,
 *     ...): not a JVM region, but what the process categories make {@code GC Structures} of
 */
public record RegionLayout(List<Region> regions, Collector collector, List<String> problems, int discoveries,
        List<AddressRange> gcTables) {

    /** A layout without side tables of the collector. */
    public RegionLayout(List<Region> regions, Collector collector, List<String> problems, int discoveries) {
        this(regions, collector, problems, discoveries, List.of());
    }

    /** The top-level row named {@code name}, or null. */
    public Region region(String name) {
        for (Region r : regions) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
