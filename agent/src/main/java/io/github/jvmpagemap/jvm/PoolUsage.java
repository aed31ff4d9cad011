package io.github.jvmpagemap.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
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
    static final String METASPACE = "Metaspace";
    static final String CLASS_SPACE = "Compressed Class Space";

    /** Pools without their use or the collections (what layouts of fixed spaces need). */
    public PoolUsage(long metaspaceNonClassCommitted, long[] heapCommitted) {
        this(metaspaceNonClassCommitted, heapCommitted, new long[0], 0);
    }

    public static PoolUsage current(List<MemoryPoolMXBean> pools, List<GarbageCollectorMXBean> collectors) {
        return new PoolReader(pools, collectors).get();
    }

    /** The usage of the first {@code heapPools} of {@code committed} and {@code used}, copied. */
    static PoolUsage of(long metaspaceNonClassCommitted, long[] committed, long[] used, int heapPools,
            long collections) {
        return new PoolUsage(metaspaceNonClassCommitted, Arrays.copyOf(committed, heapPools),
                Arrays.copyOf(used, heapPools), collections);
    }

    /** The sum of every collector's collection count. */
    static long collections(List<GarbageCollectorMXBean> collectors) {
        long collections = 0;
        for (int i = 0; i < collectors.size(); i++) {
            collections += Math.max(0, collectors.get(i).getCollectionCount());
        }
        return collections;
    }

    /** True if this usage is what {@link #of} would make of these. */
    boolean is(long metaspaceNonClassCommitted, long[] committed, long[] used, int heapPools, long collections) {
        return this.metaspaceNonClassCommitted == metaspaceNonClassCommitted && this.collections == collections
                && Arrays.equals(heapCommitted, 0, heapCommitted.length, committed, 0, heapPools)
                && Arrays.equals(heapUsed, 0, heapUsed.length, used, 0, heapPools);
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
