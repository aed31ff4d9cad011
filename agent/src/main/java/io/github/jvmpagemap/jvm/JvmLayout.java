package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.LayoutSource;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.MemoryMaps;
import java.util.function.Supplier;

/**
 * The JVM's regions as the agent scans them: found from the JVM's own reports
 * ({@link RegionDiscovery}), the heap split by the collector's region records ({@link HeapSplit}),
 * both read again only when the memory pools, read once per refresh, say they may have moved.
 */
public final class JvmLayout implements LayoutSource {
    private final PooledSource source;
    private final Supplier<PoolUsage> pools;

    JvmLayout(PooledSource source, Supplier<PoolUsage> pools) {
        this.source = source;
        this.pools = pools;
    }

    /** The JVM's layout, asking {@code commands} (the JVM's diagnostic commands) when it may have moved. */
    public static JvmLayout of(DiagnosticCommands commands, long pageSize) {
        return of(commands, pageSize, new PoolReader());
    }

    /** As {@link #of(DiagnosticCommands, long)}, with the memory pools as {@code pools} reads them. */
    public static JvmLayout of(DiagnosticCommands commands, long pageSize, Supplier<PoolUsage> pools) {
        return new JvmLayout(new HeapSplit(new RegionDiscovery(commands, pageSize), commands), pools);
    }

    @Override
    public RegionLayout refresh(MemoryMaps maps) {
        return source.refresh(maps, pools.get());
    }
}
