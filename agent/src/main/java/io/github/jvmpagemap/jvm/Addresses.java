package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hexadecimal addresses as HotSpot prints them ({@code 0x00007f3c18ec7000}). */
final class Addresses {
    private static final Pattern HEX = Pattern.compile("0x([0-9a-fA-F]{1,16})");

    private Addresses() {
    }

    /** Every address in {@code text}, in order. */
    static List<Long> in(String text) {
        List<Long> found = new ArrayList<>();
        Matcher m = HEX.matcher(text);
        while (m.find()) {
            found.add(Long.parseUnsignedLong(m.group(1), 16));
        }
        return found;
    }

    /** The addresses inside the first bracketed list ({@code [a, b, c)}) of a line. */
    static List<Long> bracketed(String line) {
        int open = line.indexOf('[');
        if (open < 0) {
            return List.of();
        }
        int close = line.indexOf(')', open);
        int closeSquare = line.indexOf(']', open);
        int end = close < 0 ? closeSquare : closeSquare < 0 ? close : Math.min(close, closeSquare);
        return in(end < 0 ? line.substring(open) : line.substring(open, end));
    }

    /** [first, last) of a bracketed list: HotSpot prints bottom, top, end for a space. */
    static AddressRange firstToLast(String line) {
        List<Long> a = bracketed(line);
        if (a.size() < 2) {
            throw new IllegalArgumentException("no address range in: " + line.trim());
        }
        return new AddressRange(a.get(0), a.get(a.size() - 1));
    }

    /** A size such as {@code 65536.00 KB}, {@code 1.00 GB} or {@code 4096 bytes}, in bytes. */
    static long size(String number, String unit) {
        double value = Double.parseDouble(number);
        long scale = switch (unit.toUpperCase()) {
            case "B", "BYTES" -> 1;
            case "K", "KB" -> 1L << 10;
            case "M", "MB" -> 1L << 20;
            case "G", "GB" -> 1L << 30;
            default -> throw new IllegalArgumentException("unknown size unit: " + unit);
        };
        return Math.round(value * scale);
    }
}
