package io.github.jvmpagemap.samples;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** When a scenario stops: after a given duration from now, when its standard input ends, or never. */
final class Deadline {
    private final long startNanos = System.nanoTime();
    private final long durationNanos;
    private final CountDownLatch ended = new CountDownLatch(1);

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

    /**
     * When {@code input} ends (the process at the other end of a pipe closes it): for a caller
     * that decides when the scenario has done enough, and wants the JVM to exit as it would at a
     * deadline rather than be killed.
     */
    static Deadline atEndOf(InputStream input) {
        Deadline deadline = never();
        Thread reader = new Thread(() -> {
            try {
                while (input.read() != -1) {
                    // what is written is only a way to keep the pipe open
                }
            } catch (IOException e) {
                // a closed input ends the scenario all the same
            }
            deadline.ended.countDown();
        }, "samples: until the input ends");
        reader.setDaemon(true);
        reader.start();
        return deadline;
    }

    boolean hasPassed() {
        return ended.getCount() == 0 || remainingNanos() <= 0;
    }

    /** Sleeps until the deadline, without any work in between: a waiting scenario stays quiet. */
    void sleepUntilPassed() throws InterruptedException {
        for (long remaining = remainingNanos(); remaining > 0 && ended.getCount() > 0; remaining = remainingNanos()) {
            ended.await(remaining, TimeUnit.NANOSECONDS);
        }
    }

    /** Elapsed time as a difference of nanoTime values, so that it cannot overflow. */
    private long remainingNanos() {
        return durationNanos - (System.nanoTime() - startNanos);
    }
}
