package io.github.jvmpagemap.view;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Byte counts in binary units with four significant digits: {@code 378.0 MiB}, {@code 1.250 GiB}. */
final class ByteSizes {
    private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_EVEN);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private ByteSizes() {
    }

    /**
     * A size a person reads at a glance. A difference can be negative and is shown with a minus
     * sign; a figure that is unknown is for the caller to show as such.
     */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "-" + format(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        // Decide on the unit and the decimals after rounding, so 1048575 is 1.000 MiB, not 1024 KiB.
        while (fourDigits(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        double shown = fourDigits(value);
        String pattern = shown < 10 ? "%.3f %s" : shown < 100 ? "%.2f %s" : shown < 1000 ? "%.1f %s" : "%.0f %s";
        return String.format(Locale.ROOT, pattern, shown, UNITS[unit]);
    }

    private static double fourDigits(double value) {
        return new BigDecimal(value).round(FOUR_DIGITS).doubleValue();
    }

    /** Reads back what {@link #format} wrote, to the precision it was written with. */
    public static long parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("-")) {
            return -parse(trimmed.substring(1));
        }
        String[] parts = trimmed.split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        for (int unit = 0; unit < UNITS.length; unit++) {
            if (UNITS[unit].equals(parts[1])) {
                return Math.round(Double.parseDouble(parts[0]) * Math.pow(1024, unit));
            }
        }
        throw new IllegalArgumentException("unknown unit in: " + text);
    }
}
