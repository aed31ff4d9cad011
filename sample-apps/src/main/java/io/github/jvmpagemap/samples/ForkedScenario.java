package io.github.jvmpagemap.samples;

import java.lang.ref.Reference;
import java.util.SplittableRandom;

/**
 * Lesson 6: memory shared by a fork. Holds written arrays on the heap, as {@code idle} does, then
 * forks without exec through the samples' small native library ({@link NativeLibrary}): the
 * child holds every private page of this JVM copy-on-write, so the heap's resident pages are now
 * shared (mapped twice) until either process writes them. The child only waits, and dies with
 * this JVM. With -D{@value #MILLIS_PROPERTY}=n it then forks again every n milliseconds, in rounds:
 * it writes every page of {@value #ROUND_MIB} MiB it mapped itself, forks a child that checks those
 * pages hold what it wrote and writes them again, waits for it, and checks its own pages are as
 * it left them; one line per round says how the child ended.
 */
final class ForkedScenario implements Scenario {
    private static final int MIB = 1 << 20;
    private static final int HOLD_MIB = 64;
    static final String MILLIS_PROPERTY = "samples.forked.millis";
    static final int ROUND_MIB = 4;

    @Override
    public String name() {
        return "forked";
    }

    @Override
    public String description() {
        return "holds " + HOLD_MIB + " MiB on the heap, then forks a child that shares its pages copy-on-write"
                + " (needs -D" + NativeLibrary.PROPERTY + "=<libsamples-native.so>); with -D" + MILLIS_PROPERTY
                + "=n, every n ms forks a child that rewrites " + ROUND_MIB + " MiB its parent wrote";
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
        int millis = Settings.positiveInt(MILLIS_PROPERTY, 0);
        long pages = millis == 0 ? 0 : mapPages((long) ROUND_MIB * MIB);
        if (millis > 0 && pages == 0) {
            throw new IllegalStateException("mmap of " + ROUND_MIB + " MiB failed");
        }
        report("holding " + HOLD_MIB + " MiB, forked " + child + (millis == 0 ? "" : ", forking every " + millis
                + " ms with " + ROUND_MIB + " MiB written at 0x" + Long.toHexString(pages)) + ", ready");
        if (millis == 0) {
            deadline.sleepUntilPassed();
        }
        for (int round = 1; millis > 0 && !deadline.hasPassed(); round++) {
            int status = forkRound(pages, (long) ROUND_MIB * MIB, round);
            report("round " + round + ": " + switch (status) {
                case 0 -> "the child read and wrote every page, exit status 0";
                case 3 -> "the child found a page that did not hold what its parent wrote, exit status 3";
                case 4 -> "the child's writes did not hold, exit status 4";
                case 5 -> "the child's writes changed its parent's pages";
                case -1 -> "fork or waitpid failed";
                default -> status > 128 ? "the child was killed by signal " + (status - 128)
                        : "the child exited with status " + status;
            });
            Thread.sleep(millis);
        }
        Reference.reachabilityFence(arrays);
    }

    private static native int forkAndHold();

    private static native long mapPages(long bytes);

    private static native int forkRound(long address, long bytes, int round);
}
