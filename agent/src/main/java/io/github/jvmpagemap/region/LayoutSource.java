package io.github.jvmpagemap.region;

import io.github.jvmpagemap.proc.MemoryMaps;

/**
 * Where a scan gets the layout it attributes pages to: the JVM's regions as discovered (and, in
 * time, split by the collector's region types, with the rest of the process's categories).
 */
@FunctionalInterface
public interface LayoutSource {

    /** The current layout, given the mappings just read and the memory pools' committed sizes. */
    RegionLayout refresh(MemoryMaps maps, PoolUsage pools);
}
