package io.github.jvmpagemap.samples;

import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Lesson 6: memory shared by a fork. Holds written arrays on the heap, as {@code idle} does, then
 * forks without exec through a small native library ({@code src/main/c/forkhold.c}, given as
 * -D{@value #LIBRARY_PROPERTY}): the child holds every private page of this JVM copy-on-write, so
 * the heap's resident pages are now shared (mapped twice) until either process writes them. The
 * child only waits, and dies with this JVM.
 */
final class ForkedScenario implements Scenario {
    static final String LIBRARY_PROPERTY = "samples.forked.library";
    private static final int MIB = 1 << 20;
    private static final int HOLD_MIB = 64;

    @Override
    public String name() {
        return "forked";
    }

    @Override
    public String description() {
        return "holds " + HOLD_MIB + " MiB on the heap, then forks a child that shares its pages copy-on-write"
                + " (needs -D" + LIBRARY_PROPERTY + "=<libforkhold.so>, built from sample-apps/src/main/c)";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        String library = System.getProperty(LIBRARY_PROPERTY);
        if (library == null || !Files.isRegularFile(Path.of(library))) {
            throw new BadInputException("-D" + LIBRARY_PROPERTY + " must name the built libforkhold.so"
                    + (library == null ? "" : "; '" + library + "' is not a file")
                    + " (gcc -O2 -shared -fPIC -o libforkhold.so sample-apps/src/main/c/forkhold.c)");
        }
        System.load(Path.of(library).toAbsolutePath().toString());
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
