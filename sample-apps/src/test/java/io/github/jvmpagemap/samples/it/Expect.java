package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;

/** Comparisons of byte figures as the tests need them. */
final class Expect {
    /** Tables print four significant digits: a printed size is within 0.05% of the real one. */
    static final double PRINT_PRECISION = 0.0005;

    private Expect() {
    }

    /** {@code actual} (printed) is within {@code fraction} of {@code expected} (plus printing precision). */
    static void within(double fraction, long expected, long actual, Supplier<String> what) {
        double tolerance = fraction * Math.max(expected, actual) + PRINT_PRECISION * Math.abs(actual) + 1;
        assertTrue(Math.abs(expected - actual) <= tolerance, () -> what.get() + ": expected " + expected
                + " bytes within " + (fraction * 100) + "%, printed " + actual + " bytes");
    }

    /** a <= b, allowing for printed rounding. */
    static void atMost(long a, long b, Supplier<String> what) {
        assertTrue(a <= b + PRINT_PRECISION * b + 1, () -> what.get() + ": " + a + " > " + b);
    }
}
