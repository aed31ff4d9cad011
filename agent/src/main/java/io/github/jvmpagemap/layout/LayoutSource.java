package io.github.jvmpagemap.layout;

import io.github.jvmpagemap.proc.MemoryMaps;

/**
 * Where a scan gets the rows it attributes pages to: the JVM's regions as the JVM reports them,
 * and around them the rest of the process by category.
 */
@FunctionalInterface
public interface LayoutSource {

    /** The current layout, given the mappings the scan just read. */
    RegionLayout refresh(MemoryMaps maps);
}
