package io.github.jvmpagemap.samples;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.function.Predicate;

/** The JVM's own account of its memory pools, summed over the pools whose names match. */
final class MemoryPools {
    /** Metaspace as a whole; its "Compressed Class Space" pool is a part of it, not an addition. */
    static final Predicate<String> METASPACE = "Metaspace"::equals;

    /** The segmented code cache's heaps, or the single "CodeCache" pool without segmentation. */
    static final Predicate<String> CODE_CACHE = name -> name.startsWith("CodeHeap") || name.equals("CodeCache");

    private MemoryPools() {
    }

    static long usedBytes(Predicate<String> poolName) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (poolName.test(pool.getName())) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** The sum of the pools' maximum sizes, or -1 when one of them has no maximum. */
    static long maxBytes(Predicate<String> poolName) {
        long max = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (poolName.test(pool.getName())) {
                long poolMax = pool.getUsage().getMax();
                if (poolMax < 0) {
                    return -1;
                }
                max += poolMax;
            }
        }
        return max;
    }
}
