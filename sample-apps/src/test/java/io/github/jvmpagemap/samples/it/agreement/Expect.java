package io.github.jvmpagemap.samples.it.agreement;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

/** Comparisons of byte figures as the tests need them: as an assertion, or as a line added to a list of mismatches. */
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

    /** Adds a line to {@code out} unless {@code actual} is within {@code fraction} of {@code expected}. */
    public static void check(List<String> out, double fraction, long expected, long actual, String what) {
        if (!isWithin(fraction, expected, actual)) {
            out.add(what + ": expected " + expected + " bytes within " + (fraction * 100) + "%, published " + actual);
        }
    }

    /**
     * Adds a line to {@code out} unless {@code actual} lies between {@code before} and {@code after}
     * (in either order), give or take {@code fraction}: for a figure the kernel gave right before
     * and right after the scan that published it, while the app moved it (the JIT compiling what
     * the tests' own connection runs, the compiler's arenas coming and going).
     */
    public static void checkBetween(List<String> out, double fraction, long before, long after, long actual,
            String what) {
        long low = Math.min(before, after);
        long high = Math.max(before, after);
        if (actual < low && !isWithin(fraction, low, actual) || actual > high && !isWithin(fraction, high, actual)) {
            out.add(what + ": expected between " + before + " (before the scan) and " + after + " (after) bytes within "
                    + (fraction * 100) + "%, published " + actual);
        }
    }
}
