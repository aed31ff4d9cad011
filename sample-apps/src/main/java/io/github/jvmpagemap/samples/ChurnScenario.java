package io.github.jvmpagemap.samples;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 2: a heap at work. Allocates at a steady rate while keeping a bounded live set of
 * arrays of mixed sizes. Most entries are short-lived and die young, so young collections come
 * regularly; some live long enough to be promoted and later die in the old generation. The heap
 * thus has resident pages in both generations that keep changing, unlike {@code idle}.
 */
final class ChurnScenario implements Scenario {
    private static final long MIB = 1 << 20;
    private static final int ALLOCATION_MIB_PER_SECOND = 128;
    private static final double NANOS_PER_BYTE = 1e9 / (ALLOCATION_MIB_PER_SECOND * MIB);
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    // Replaced in turn at every step, so each lives for ~16 MiB of allocation: most die in the
    // young generation, a few survive a collection or two. About 16 MiB live.
    private static final int SHORT_LIVED_SLOTS = 4096;
    private static final int SHORT_LIVED_MAX_BYTES = 8 << 10;

    // One, at random, replaced every 128 steps, so they live for seconds, long enough to be
    // promoted, and die in the old generation. About 24 MiB live.
    private static final int LONG_LIVED_SLOTS = 1024;
    private static final int LONG_LIVED_MAX_BYTES = 48 << 10;
    private static final int STEPS_PER_LONG_LIVED_REPLACEMENT = 128;

    private final SplittableRandom random = new SplittableRandom(42);
    private long allocatedBytes;

    @Override
    public String name() {
        return "churn";
    }

    @Override
    public String description() {
        return "allocates " + ALLOCATION_MIB_PER_SECOND
                + " MiB/s of arrays, keeping ~40 MiB live across young and old generations";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        report("running");
        Object[] shortLived = new Object[SHORT_LIVED_SLOTS];
        Object[] longLived = new Object[LONG_LIVED_SLOTS];
        long start = System.nanoTime();
        long nextProgress = start + PROGRESS_INTERVAL_NANOS;
        for (long step = 0; !deadline.hasPassed(); step++) {
            shortLived[(int) (step % SHORT_LIVED_SLOTS)] = newArray(SHORT_LIVED_MAX_BYTES);
            if (step % STEPS_PER_LONG_LIVED_REPLACEMENT == 0) {
                longLived[random.nextInt(LONG_LIVED_SLOTS)] = newArray(LONG_LIVED_MAX_BYTES);
            }
            long now = System.nanoTime();
            if (now - nextProgress >= 0) {
                report("allocated " + allocatedBytes / MIB + " MiB");
                nextProgress += PROGRESS_INTERVAL_NANOS;
            }
            // Keeps to the allocation rate by sleeping whenever ahead of it.
            long aheadNanos = (long) (allocatedBytes * NANOS_PER_BYTE) - (now - start);
            if (aheadNanos > TimeUnit.MILLISECONDS.toNanos(1)) {
                TimeUnit.NANOSECONDS.sleep(aheadNanos);
            }
        }
    }

    /** A byte, int or long array of up to {@code maxBytes}, at random. */
    private Object newArray(int maxBytes) {
        int bytes = random.nextInt(maxBytes);
        allocatedBytes += bytes;
        return switch (random.nextInt(3)) {
            case 0 -> new byte[bytes];
            case 1 -> new int[bytes / Integer.BYTES];
            default -> new long[bytes / Long.BYTES];
        };
    }
}
