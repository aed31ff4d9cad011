package io.github.jvmpagemap.scan;

/**
 * Time summed while {@link #timing}: of the kernel's reads that only telling sharing needs
 * (pagemap entries read for their frames, kpageflags, kpagecount), or of all the work they need;
 * what {@code detail=auto} weighs before it keeps paying for them. Two clock reads per timed
 * call, so it runs only while asked.
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
