package io.github.jvmpagemap.samples.it.agreement;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;

/** Comparisons of byte figures as the tests need them. */
public final class Expect {
    private Expect() {
    }

    /** True if {@code actual} is within {@code fraction} of {@code expected}; 0 means equal. */
    public static boolean isWithin(double fraction, long expected, long actual) {
        return Math.abs(expected - actual) <= fraction * Math.max(expected, actual);
    }

    /** {@code actual} (published by the agent) is within {@code fraction} of {@code expected}. */
    public static void within(double fraction, long expected, long actual, Supplier<String> what) {
        assertTrue(isWithin(fraction, expected, actual), () -> what.get() + ": expected " + expected
                + " bytes within " + (fraction * 100) + "%, published " + actual + " bytes");
    }
}
