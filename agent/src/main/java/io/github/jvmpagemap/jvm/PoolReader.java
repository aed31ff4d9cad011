package io.github.jvmpagemap.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link PoolUsage} of every scan, read into arrays reused from scan to scan and given as the
 * previous reading's object while nothing changed: an idle JVM's scans allocate only the pools' own
 * {@link MemoryUsage} answers, and only for the pools a layout watches (the heap's, metaspace's and
 * the class space's; not the code heaps'). Not thread-safe: the scanner thread's.
 */
final class PoolReader implements Supplier<PoolUsage> {
    private final List<MemoryPoolMXBean> pools;
    private final List<GarbageCollectorMXBean> collectors;
    private final long[] committed;
    private final long[] used;
    private PoolUsage last;

    PoolReader() {
        this(ManagementFactory.getMemoryPoolMXBeans(), ManagementFactory.getGarbageCollectorMXBeans());
    }

    PoolReader(List<MemoryPoolMXBean> pools, List<GarbageCollectorMXBean> collectors) {
        this.pools = pools.stream().filter(PoolReader::watched).toList();
        this.collectors = List.copyOf(collectors);
        this.committed = new long[this.pools.size()];
        this.used = new long[this.pools.size()];
    }

    private static boolean watched(MemoryPoolMXBean pool) {
        return pool.getType() == MemoryType.HEAP || pool.getName().equals(PoolUsage.METASPACE)
                || pool.getName().equals(PoolUsage.CLASS_SPACE);
    }

    @Override
    public PoolUsage get() {
        long metaspace = 0;
        long classSpace = 0;
        int h = 0;
        for (int p = 0; p < pools.size(); p++) {
            MemoryPoolMXBean pool = pools.get(p);
            MemoryUsage usage = pool.getUsage();
            if (usage == null) {
                continue; // a pool no longer valid
            }
            if (pool.getName().equals(PoolUsage.METASPACE)) {
                metaspace = usage.getCommitted();
            } else if (pool.getName().equals(PoolUsage.CLASS_SPACE)) {
                classSpace = usage.getCommitted();
            } else {
                committed[h] = usage.getCommitted();
                used[h++] = usage.getUsed();
            }
        }
        long collections = PoolUsage.collections(collectors);
        if (last == null || !last.is(metaspace - classSpace, committed, used, h, collections)) {
            last = PoolUsage.of(metaspace - classSpace, committed, used, h, collections);
        }
        return last;
    }
}
