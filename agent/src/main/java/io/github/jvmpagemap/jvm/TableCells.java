package io.github.jvmpagemap.jvm;

/**
 * Numbers and names read in place from the text of a diagnostic command's table, by position,
 * without a string per cell: re-reading a heap's region table must add little to the heap.
 */
final class TableCells {
    private TableCells() {
    }

    /**
     * The number written in {@code text} between {@code from} and {@code to}, blanks around it
     * and, in hexadecimal, {@code 0x} before it or not; -1 if there is none or anything else.
     */
    static long number(String text, int from, int to, int radix) {
        from = blanksAfter(text, from, to);
        to = blanksBefore(text, from, to);
        if (radix == 16 && text.startsWith("0x", from)) {
            from += 2;
        }
        if (from == to || to - from > (radix == 16 ? 16 : 18)) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
        }
        return value;
    }

    /** True if the cell between {@code from} and {@code to}, blanks around it, is {@code name}. */
    static boolean is(String text, int from, int to, String name) {
        from = blanksAfter(text, from, to);
        to = blanksBefore(text, from, to);
        return name.length() == to - from && text.startsWith(name, from);
    }

    /**
     * Which of {@code kinds} the cell between {@code from} and {@code to} names: the index of the
     * group of names that holds it.
     *
     * @param what what the cell is, for the message ("region type", "page generation")
     * @throws IllegalArgumentException if no group holds it
     */
    static int kind(String text, int from, int to, String[][] kinds, String what) {
        for (int k = 0; k < kinds.length; k++) {
            for (String name : kinds[k]) {
                if (is(text, from, to, name)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException(what + " '" + cell(text, from, to) + "' not known");
    }

    /** The error for a line of the table, from {@code lineStart} to {@code lineEnd}, that does not parse. */
    static IllegalArgumentException notUnderstood(String text, int lineStart, int lineEnd) {
        return new IllegalArgumentException("line not understood: " + text.substring(lineStart, lineEnd));
    }

    /** The cell between {@code from} and {@code to} without the blanks around it, for a message. */
    static String cell(String text, int from, int to) {
        from = blanksAfter(text, from, to);
        return text.substring(from, blanksBefore(text, from, to));
    }

    /** The first position from {@code from} on that is not a blank, at most {@code to}. */
    private static int blanksAfter(String text, int from, int to) {
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        return from;
    }

    /** The end of the text up to {@code to} without its trailing blanks, at least {@code from}. */
    private static int blanksBefore(String text, int from, int to) {
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        return to;
    }
}
