package io.github.jvmpagemap.region;

import io.github.jvmpagemap.proc.MemoryMaps;

/**
 * Where a scan gets the layout it attributes pages to: the JVM's regions as discovered, the heap
 * split by the collector's region types.
 */
@FunctionalInterface
public interface LayoutSource {

    /** The JVM's layout as the agent scans it: its regions ({@link RegionDiscovery}), G1's heap split ({@link HeapSplit}). */
    static LayoutSource ofJvm(DiagnosticCommands commands, long pageSize) {
        return new HeapSplit(new RegionDiscovery(commands, pageSize), commands);
    }

    /** The current layout, given the mappings just read and the memory pools' committed sizes. */
    RegionLayout refresh(MemoryMaps maps, PoolUsage pools);
}
