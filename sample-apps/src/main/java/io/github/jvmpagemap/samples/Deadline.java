package io.github.jvmpagemap.samples;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** When a scenario stops: after a given duration from now, or never. */
final class Deadline {
    private final long startNanos = System.nanoTime();
    private final long durationNanos;

    private Deadline(long durationNanos) {
        this.durationNanos = durationNanos;
    }

    static Deadline after(Duration duration) {
        return new Deadline(duration.toNanos());
    }

    /** Long.MAX_VALUE nanoseconds is 292 years: never, as far as anyone waiting is concerned. */
    static Deadline never() {
        return new Deadline(Long.MAX_VALUE);
    }

    boolean hasPassed() {
        return remainingNanos() <= 0;
    }

    /** Sleeps until the deadline, without any work in between: a waiting scenario stays quiet. */
    void sleepUntilPassed() throws InterruptedException {
        for (long remaining = remainingNanos(); remaining > 0; remaining = remainingNanos()) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    /** Elapsed time as a difference of nanoTime values, so that it cannot overflow. */
    private long remainingNanos() {
        return durationNanos - (System.nanoTime() - startNanos);
    }
}
