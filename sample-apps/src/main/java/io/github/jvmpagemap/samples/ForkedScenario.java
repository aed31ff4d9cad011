package io.github.jvmpagemap.samples;

import java.lang.ref.Reference;
import java.util.SplittableRandom;

/**
 * Lesson 6: memory shared by a fork. Holds written arrays on the heap, as {@code idle} does, then
 * forks without exec through the samples' small native library ({@link NativeLibrary}): the
 * child holds every private page of this JVM copy-on-write, so the heap's resident pages are now
 * shared (mapped twice) until either process writes them. The child only waits, and dies with
 * this JVM.
 */
final class ForkedScenario implements Scenario {
    private static final int MIB = 1 << 20;
    private static final int HOLD_MIB = 64;

    @Override
    public String name() {
        return "forked";
    }

    @Override
    public String description() {
        return "holds " + HOLD_MIB + " MiB on the heap, then forks a child that shares its pages copy-on-write"
                + " (needs -D" + NativeLibrary.PROPERTY + "=<libsamples-native.so>)";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        NativeLibrary.load();
        byte[][] arrays = new byte[HOLD_MIB][];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < HOLD_MIB; i++) {
            arrays[i] = new byte[MIB - 64];
            random.nextBytes(arrays[i]);
        }
        int child = forkAndHold();
        if (child < 0) {
            throw new IllegalStateException("fork failed");
        }
        report("holding " + HOLD_MIB + " MiB, forked " + child + ", ready");
        deadline.sleepUntilPassed();
        Reference.reachabilityFence(arrays);
    }

    private static native int forkAndHold();
}
