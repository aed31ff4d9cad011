package io.github.jvmpagemap.samples;

import java.util.concurrent.CountDownLatch;

/** A thread's stack made deep, so that it holds resident pages of its own: frames that wait at the bottom. */
final class DeepStack {
    private DeepStack() {
    }

    /**
     * Recurses {@code depth} frames, each keeping a few locals on the stack; the deepest one counts
     * {@code deep} down and waits for {@code done}.
     */
    static long recurse(int depth, CountDownLatch deep, CountDownLatch done) {
        long a = depth * 31L;
        long b = a ^ 0x5DEECE66DL;
        if (depth == 0) {
            deep.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return a + b;
        }
        return recurse(depth - 1, deep, done) + a - b;
    }
}
