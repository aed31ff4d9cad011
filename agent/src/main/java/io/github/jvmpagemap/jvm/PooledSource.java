package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.MemoryMaps;

/**
 * A part of the JVM's layout that is read again when the memory pools say it may have moved: every
 * part of one refresh sees the same reading of the pools ({@link JvmLayout}).
 */
@FunctionalInterface
interface PooledSource {

    /** The current layout, given the mappings just read and the memory pools' sizes and use. */
    RegionLayout refresh(MemoryMaps maps, PoolUsage pools);
}
