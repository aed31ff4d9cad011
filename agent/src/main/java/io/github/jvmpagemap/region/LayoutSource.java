package io.github.jvmpagemap.region;

import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcessThreads;
import io.github.jvmpagemap.scan.ProcessMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The whole process as the agent scans it: the JVM's layout ({@link #ofJvm}) and the rest of
     * the process by category ({@link ProcessCategories}).
     */
    static LayoutSource ofProcess(DiagnosticCommands commands, ProcFiles proc, long pageSize) {
        ProcessMemory memory = new ProcessMemory(proc, pageSize);
        return new ProcessCategories(ofJvm(commands, pageSize), new ProcessThreads(proc), memory, memory::release,
                LayoutSource::javaThreadNames,
                new NativeMemoryTracking(commands, Runtime.version().feature(), nativeMemoryTracking()), pageSize);
    }

    /** The value of {@code -XX:NativeMemoryTracking}, or null where the JVM cannot tell (no jdk.management). */
    private static String nativeMemoryTracking() {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("NativeMemoryTracking").getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The names of the live Java threads, as the JVM's thread bean lists them. */
    private static List<String> javaThreadNames() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        List<String> names = new ArrayList<>();
        for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info != null) {
                names.add(info.getThreadName());
            }
        }
        return names;
    }

    /** The current layout, given the mappings just read and the memory pools' committed sizes. */
    RegionLayout refresh(MemoryMaps maps, PoolUsage pools);
}
