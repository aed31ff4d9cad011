package io.github.jvmpagemap.samples.it.harness;

import java.nio.file.Path;

/** The kernel's settings files the tests read or change (as root, restoring them after). */
public final class Host {
    public static final Path THP_ENABLED = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    public static final Path MTHP_64K = Path.of("/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled");
    public static final Path KSM = Path.of("/sys/kernel/mm/ksm");
    /** The number of huge pages of the default size in the hugetlb pool. */
    public static final Path NR_HUGEPAGES = Path.of("/proc/sys/vm/nr_hugepages");
    /** Written to, compacts memory now, so that free memory comes in pieces as large as a huge page. */
    public static final Path COMPACT_MEMORY = Path.of("/proc/sys/vm/compact_memory");

    private Host() {
    }
}
