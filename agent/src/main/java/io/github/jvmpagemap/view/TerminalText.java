package io.github.jvmpagemap.view;

import java.util.Locale;

/**
 * Text the application chose (a thread's name, a file's path, an exception's message) as a
 * terminal shows it harmlessly: every character that would act instead of print is written out as
 * an escape. A name holding {@code ESC [31m} cannot colour the operator's terminal or set its title,
 * and one holding a line break cannot start a line that reads like another row. Escaped: the C0 and
 * C1 control characters and DEL ({@code \n}, {@code \r}, {@code \t} by their usual names, the others
 * as {@code \u001b}), the line and paragraph separators, and the controls that reorder
 * bidirectional text. Everything else, emoji and joiners among it, is kept.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} with what would act instead of print made visible; the same string if nothing would. */
    public static String visible(String text) {
        int first = firstActing(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!acts(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static int firstActing(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (acts(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** True for a character a terminal acts on, or that changes how the text around it is laid out. */
    static boolean acts(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029' || c == '\u061c'
                || c == '\u200e' || c == '\u200f' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }
}
