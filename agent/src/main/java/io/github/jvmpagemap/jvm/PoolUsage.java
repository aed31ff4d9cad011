package io.github.jvmpagemap.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.List;

/**
 * Usage of the JVM's memory pools and the collectors' counts: cheap to read (no safepoint),
 * and they change when the layout does, so they tell discovery when to look again.
 *
 * <p>G1's pools change exactly when region types do: the eden pool's used bytes are its region
 * count times the region size (they grow when eden takes a free region), a humongous allocation
 * adds to the old pool at once, and every pause counts in a collector's count.
 *
 * @param metaspaceNonClassCommitted committed non-class metaspace in bytes
 * @param heapCommitted committed bytes of each heap pool, in a stable order
 * @param heapUsed used bytes of each heap pool, in the same order
 * @param collections the sum of every collector's collection count
 */
public record PoolUsage(long metaspaceNonClassCommitted, long[] heapCommitted, long[] heapUsed, long collections) {

    /** Pools without their use or the collections (what layouts of fixed spaces need). */
    public PoolUsage(long metaspaceNonClassCommitted, long[] heapCommitted) {
        this(metaspaceNonClassCommitted, heapCommitted, new long[0], 0);
    }

    public static PoolUsage current(List<MemoryPoolMXBean> pools, List<GarbageCollectorMXBean> collectors) {
        long metaspace = 0;
        long classSpace = 0;
        long[] committed = new long[pools.size()];
        long[] used = new long[pools.size()];
        int h = 0;
        for (MemoryPoolMXBean pool : pools) {
            MemoryUsage usage = pool.getUsage();
            if (usage == null) {
                continue; // a pool no longer valid
            }
            if (pool.getName().equals("Metaspace")) {
                metaspace = usage.getCommitted();
            } else if (pool.getName().equals("Compressed Class Space")) {
                classSpace = usage.getCommitted();
            } else if (pool.getType() == MemoryType.HEAP) {
                committed[h] = usage.getCommitted();
                used[h++] = usage.getUsed();
            }
        }
        long collections = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            collections += Math.max(0, collector.getCollectionCount());
        }
        return new PoolUsage(metaspace - classSpace, Arrays.copyOf(committed, h), Arrays.copyOf(used, h), collections);
    }

    public static PoolUsage current() {
        return current(Beans.POOLS, Beans.COLLECTORS);
    }

    /**
     * The pools and collectors, looked up once: the JVM makes them at start-up, and looking them
     * up builds every platform bean's name, which at every scan was a good part of what a scan
     * allocated (each allocation can change a heap pool's use, which the heap split reads as a change).
     */
    private static final class Beans {
        static final List<MemoryPoolMXBean> POOLS = ManagementFactory.getMemoryPoolMXBeans();
        static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    }

    /** True if no heap pool changed its use or size and no collection ran between {@code earlier} and this. */
    public boolean sameHeapAs(PoolUsage earlier) {
        return collections == earlier.collections && Arrays.equals(heapUsed, earlier.heapUsed)
                && Arrays.equals(heapCommitted, earlier.heapCommitted);
    }
}
