package io.github.jvmpagemap.samples;

import java.lang.ref.Reference;
import java.util.concurrent.locks.LockSupport;
import java.util.SplittableRandom;

/**
 * Lesson 1: a quiet heap. Fills a known amount of live Java heap, makes every page of it
 * resident, then sleeps without allocating or touching anything. While it sleeps, whatever
 * happens to those pages (swapped out, backed by huge pages) is the kernel's doing, which tests
 * can then observe from outside.
 */
final class IdleScenario implements Scenario {
    private static final String MIB_PROPERTY = "samples.idle.mib";
    private static final String THREADS_PROPERTY = "samples.idle.threads";
    private static final int DEFAULT_MIB = 64;
    private static final int MIB = 1 << 20;
    // A little under 1 MiB, so that each array with its header fills exactly one of G1's 1 MiB
    // regions (the region size for heaps up to 2 GiB). At a full 1 MiB it would spill into a
    // second region, left almost empty: holding 64 MiB would then take 128 MiB of heap.
    private static final int ARRAY_BYTES = MIB - 64;

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String description() {
        return "holds -D" + MIB_PROPERTY + "=" + DEFAULT_MIB
                + " MiB of written byte arrays on the heap (and -D" + THREADS_PROPERTY + "=N parked threads),"
                + " then sleeps without allocating";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        int mib = Settings.positiveInt(MIB_PROPERTY, DEFAULT_MIB);
        long maxHeapMib = Runtime.getRuntime().maxMemory() / MIB;
        if (mib > maxHeapMib) {
            throw new BadInputException(
                    "-D" + MIB_PROPERTY + "=" + mib + " does not fit in the maximum heap of " + maxHeapMib + " MiB");
        }
        byte[][] arrays = new byte[mib][];
        // Random bytes rather than a pattern: every page gets written, so it is resident, and
        // none is all zeros or a copy of another, which the kernel could share or compress
        // away when the pages are swapped out.
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < mib; i++) {
            arrays[i] = new byte[ARRAY_BYTES];
            random.nextBytes(arrays[i]);
        }
        int threads = Settings.positiveInt(THREADS_PROPERTY, 0);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(IdleScenario::park, "idle-" + i);
            t.setDaemon(true);
            t.start();
        }
        report("holding " + mib + " MiB" + (threads > 0 ? " and " + threads + " parked threads" : "") + ", ready");
        deadline.sleepUntilPassed();
        Reference.reachabilityFence(arrays);
    }

    /** A thread that waits for ever, as a pooled thread with nothing to do does. */
    private static void park() {
        while (true) {
            LockSupport.park();
        }
    }
}
