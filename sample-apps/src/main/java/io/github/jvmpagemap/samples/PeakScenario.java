package io.github.jvmpagemap.samples;

import java.util.SplittableRandom;

/**
 * Lesson 11: a peak that passes. Fills -D{@value #MIB_PROPERTY}={@value #DEFAULT_MIB} MiB of
 * written byte arrays on the heap, holds them -D{@value #HOLD_PROPERTY}={@value #DEFAULT_HOLD_MILLIS}
 * milliseconds, then lets them go and asks for a full collection: with
 * {@code -XX:MaxHeapFreeRatio} low, the collector gives the heap back, and the process's resident
 * set falls well below its peak (VmHWM), which stays.
 */
final class PeakScenario implements Scenario {
    static final String MIB_PROPERTY = "samples.peak.mib";
    static final String HOLD_PROPERTY = "samples.peak.holdMillis";
    private static final int DEFAULT_MIB = 256;
    private static final int DEFAULT_HOLD_MILLIS = 3000;
    private static final int MIB = 1 << 20;
    /** A little under 1 MiB, so that each array fills one of G1's 1 MiB regions, as in the idle lesson. */
    private static final int ARRAY_BYTES = MIB - 64;

    @Override
    public String name() {
        return "peak";
    }

    @Override
    public String description() {
        return "holds -D" + MIB_PROPERTY + "=" + DEFAULT_MIB + " MiB of written byte arrays for -D" + HOLD_PROPERTY
                + "=" + DEFAULT_HOLD_MILLIS + " ms, then lets them go and collects";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        int mib = Settings.positiveInt(MIB_PROPERTY, DEFAULT_MIB);
        int holdMillis = Settings.positiveInt(HOLD_PROPERTY, DEFAULT_HOLD_MILLIS);
        long maxHeapMib = Runtime.getRuntime().maxMemory() / MIB;
        if (mib > maxHeapMib) {
            throw new BadInputException(
                    "-D" + MIB_PROPERTY + "=" + mib + " does not fit in the maximum heap of " + maxHeapMib + " MiB");
        }
        byte[][] arrays = new byte[mib][];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < mib; i++) {
            arrays[i] = new byte[ARRAY_BYTES];
            random.nextBytes(arrays[i]);
        }
        report("holding " + mib + " MiB for " + holdMillis + " ms");
        Thread.sleep(holdMillis);
        arrays = null;
        System.gc();
        // The collector gives the heap back to the kernel on a thread of its own, soon after.
        long until = System.nanoTime() + 5_000_000_000L;
        while (Runtime.getRuntime().totalMemory() > mib / 2L * MIB && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        report("released " + mib + " MiB and collected, ready");
        deadline.sleepUntilPassed();
    }
}
