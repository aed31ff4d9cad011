package io.github.jvmpagemap.region;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Committed sizes of the JVM's memory pools: cheap to read (no safepoint), and they change
 * when the layout does, so they tell discovery when to look again.
 *
 * @param metaspaceNonClassCommitted committed non-class metaspace in bytes
 * @param heapCommitted committed bytes of each heap pool, in a stable order
 */
public record PoolUsage(long metaspaceNonClassCommitted, long[] heapCommitted) {

    public static PoolUsage current(List<MemoryPoolMXBean> pools) {
        long metaspace = 0;
        long classSpace = 0;
        long[] heap = new long[pools.size()];
        int h = 0;
        for (MemoryPoolMXBean pool : pools) {
            long committed = pool.getUsage().getCommitted();
            if (pool.getName().equals("Metaspace")) {
                metaspace = committed;
            } else if (pool.getName().equals("Compressed Class Space")) {
                classSpace = committed;
            } else if (pool.getType() == MemoryType.HEAP) {
                heap[h++] = committed;
            }
        }
        return new PoolUsage(metaspace - classSpace, java.util.Arrays.copyOf(heap, h));
    }

    public static PoolUsage current() {
        return current(ManagementFactory.getMemoryPoolMXBeans());
    }
}
