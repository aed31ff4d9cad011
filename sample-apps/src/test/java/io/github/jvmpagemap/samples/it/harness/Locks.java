package io.github.jvmpagemap.samples.it.harness;

/**
 * What tests share with every other process on the machine, named for {@code @ResourceLock}: a
 * test that changes one of them holds its lock (READ_WRITE) for its whole run, so that tests
 * running concurrently never see it changed under them. Everything else a test makes is its own
 * (apps, files in its temporary directory), and the tests run concurrently.
 */
public final class Locks {
    /** Swap space (swapon, swapoff) and the pages pushed out to it. */
    public static final String SWAP = "swap";
    /** Mounts: a tmpfs in the tests' own namespace, or a file bind-mounted for one process in a namespace of its own. */
    public static final String MOUNTS = "mounts";
    /** KSM's settings under /sys/kernel/mm/ksm. */
    public static final String KSM = "KSM";
    /** The transparent huge page settings under /sys/kernel/mm/transparent_hugepage. */
    public static final String THP_SETTINGS = "THP settings";
    /** The hugetlb pool (vm.nr_hugepages). */
    public static final String HUGETLB_POOL = "hugetlb pool";

    private Locks() {
    }
}
