package io.github.jvmpagemap.scan;

/**
 * The time spent in the kernel's reads that only telling sharing needs (pagemap entries read for
 * their frames, kpageflags, kpagecount), summed while {@link #timing}: what {@code detail=auto}
 * weighs before it keeps paying for them. Two clock reads per pread, so it runs only while asked.
 */
final class ReadClock {
    private boolean timing;
    private long nanos;

    void timing(boolean on) {
        timing = on;
    }

    /** A start for {@link #stop}, or 0 while not timing. */
    long start() {
        return timing ? System.nanoTime() : 0;
    }

    void stop(long started) {
        if (timing) {
            nanos += System.nanoTime() - started;
        }
    }

    /** Nanoseconds timed so far, ever growing. */
    long nanos() {
        return nanos;
    }
}
