package io.github.jvmpagemap.samples;

import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * Lesson 7: memory the kernel merged. Offers all of this JVM's memory to KSM (prctl
 * PR_SET_MEMORY_MERGE, through the samples' native library, {@link NativeLibrary}), then holds
 * 64 MiB of arrays whose pages all hold the same bytes: once KSM runs
 * ({@code /sys/kernel/mm/ksm/run} set to 1), it merges them into a few shared pages, each mapped
 * many times, so the heap's shared bytes grow and its proportional bytes shrink, in one process.
 */
final class MergedScenario implements Scenario {
    private static final int MIB = 1 << 20;
    private static final int HOLD_MIB = 64;

    @Override
    public String name() {
        return "merged";
    }

    @Override
    public String description() {
        return "offers its memory to KSM and holds " + HOLD_MIB + " MiB of equal pages on the heap (needs -D"
                + NativeLibrary.PROPERTY + "=<libsamples-native.so>, and KSM running to see them merged)";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        NativeLibrary.load();
        if (mergeAny() != 0) {
            throw new BadInputException("the kernel refused prctl(PR_SET_MEMORY_MERGE): KSM needs Linux 6.4+"
                    + " built with CONFIG_KSM");
        }
        byte[][] arrays = new byte[HOLD_MIB][];
        for (int i = 0; i < HOLD_MIB; i++) {
            arrays[i] = new byte[MIB - 64];
            // Not zeros (which KSM may map to the zero page instead): the same non-zero bytes everywhere.
            Arrays.fill(arrays[i], (byte) 0x5a);
        }
        report("holding " + HOLD_MIB + " MiB of equal pages, ready");
        deadline.sleepUntilPassed();
        Reference.reachabilityFence(arrays);
    }

    private static native int mergeAny();
}
