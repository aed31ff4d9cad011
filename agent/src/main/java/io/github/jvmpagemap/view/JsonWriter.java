package io.github.jvmpagemap.view;

import java.util.Locale;

/**
 * JSON written as it goes, for the agent's reports: objects and arrays nested to any depth, commas
 * and, when {@code pretty}, one member a line indented by two spaces (arrays of plain values stay
 * on one line). Strings are escaped as RFC 8259 asks; nothing else is checked.
 */
final class JsonWriter {
    private final StringBuilder out;
    private final boolean pretty;
    private int depth;
    /** Whether the container being written has a member or element yet. */
    private boolean[] started = new boolean[16];
    /** Whether the container being written is an array of plain values, kept on one line. */
    private boolean[] inline = new boolean[16];
    private boolean afterName;

    JsonWriter(StringBuilder out, boolean pretty) {
        this.out = out;
        this.pretty = pretty;
    }

    JsonWriter beginObject() {
        return open('{', false);
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        return open('[', false);
    }

    /** An array of plain values, on one line even when pretty. */
    JsonWriter beginInlineArray() {
        return open('[', true);
    }

    JsonWriter endArray() {
        return close(']');
    }

    JsonWriter name(String name) {
        separate();
        out.append(string(name)).append(pretty ? ": " : ":");
        afterName = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** A number with {@code decimals} digits after the point. */
    JsonWriter value(double value, int decimals) {
        separate();
        out.append(String.format(Locale.ROOT, "%." + decimals + "f", value));
        return this;
    }

    /** A string, or null. */
    JsonWriter value(String value) {
        separate();
        out.append(string(value));
        return this;
    }

    /** A value written elsewhere, already JSON (a compact object, say), as it is. */
    JsonWriter raw(String json) {
        separate();
        out.append(json);
        return this;
    }

    /** A member whose value is a number. */
    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** A member whose value is a string, or null. */
    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    private JsonWriter open(char bracket, boolean inlineArray) {
        separate();
        out.append(bracket);
        depth++;
        if (depth == started.length) {
            started = java.util.Arrays.copyOf(started, depth * 2);
            inline = java.util.Arrays.copyOf(inline, depth * 2);
        }
        started[depth] = false;
        inline[depth] = inlineArray || depth > 1 && inline[depth - 1];
        return this;
    }

    private JsonWriter close(char bracket) {
        boolean any = started[depth];
        boolean oneLine = inline[depth];
        depth--;
        if (any && pretty && !oneLine) {
            newline();
        }
        out.append(bracket);
        if (depth == 0 && pretty) {
            out.append('\n');
        }
        return this;
    }

    /** What comes before a value or a name: nothing after a name, else a comma and, pretty, a new line. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth == 0) {
            return;
        }
        if (started[depth]) {
            out.append(',');
            if (pretty && inline[depth]) {
                out.append(' ');
            }
        }
        started[depth] = true;
        if (pretty && !inline[depth]) {
            newline();
        }
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    /**
     * A JSON string literal, or null; in ASCII alone (any other character as a Unicode escape,
     * a character beyond the BMP as its two surrogates'), so that the JSON reaches its
     * reader whole whatever the encoding of the output it is printed on: a JVM in the POSIX locale
     * prints a name's emoji as {@code ?}.
     */
    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
