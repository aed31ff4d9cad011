package io.github.jvmpagemap.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * What the agent's self-contained pages share: text made safe for where it goes, their style and
 * scripts (resources beside this class), and a head whose Content-Security-Policy allows nothing but
 * the page's own style and scripts, by their hashes: no request leaves the page, and nothing a name
 * the application chose could inject would run.
 */
final class Html {
    static final String CSS = resource("page.css");
    /** Runs first: every script error, rejected promise and console error is listed on the page (and seen by tests). */
    static final String ERROR_HOOK = resource("errors.js");
    /** What both pages draw with. */
    static final String COMMON = resource("common.js");
    /** The residency maps. */
    static final String MAPS = resource("maps.js");

    private Html() {
    }

    /**
     * The page's head, up to and including {@code <body>}: its title, its style and the error hook,
     * and a policy that allows the hook and {@code script} (the page's one other script, which must
     * be written exactly so at the end of the body: {@link #script}).
     */
    static String head(String title, String script) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '"
                + hash(CSS) + "'; script-src '" + hash(ERROR_HOOK) + "' '" + hash(script) + "'\">\n"
                + "<title>" + escape(title) + "</title>\n<style>" + CSS + "</style>\n"
                // First of all, so that an error anywhere later is seen on the page (and by tests).
                + "<script>" + ERROR_HOOK + "</script>\n</head>\n<body>\n"
                + "<ol id=\"page-errors\" hidden></ol>\n";
    }

    /** The page's script element, as {@link #head} allowed it. */
    static String script(String script) {
        return "<script>" + script + "</script>\n";
    }

    /** Scripts joined into the one a page runs. */
    static String join(List<String> scripts) {
        return String.join("\n", scripts);
    }

    /** Data for the page's script: JSON in an element the browser never runs. */
    static String data(String id, String json) {
        return "<script type=\"application/json\" id=\"" + id + "\">" + inScript(json) + "</script>\n";
    }

    /** The policy's source expression for an inline element holding exactly {@code text}. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Text for an HTML element or a quoted attribute: markup characters as references, so that a
     * name makes no element and ends no attribute, and control characters written out as the
     * terminal's text shows them ({@link TerminalText}), so that a name is read as it was given.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        text = TerminalText.visible(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON text made safe inside a {@code <script>} element: outside strings JSON has no
     * {@code <}, {@code >} or {@code &}, inside them their escapes mean the same characters, so no
     * {@code </script>} or comment opener can appear.
     */
    static String inScript(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** A JSON string literal, made safe inside a script element. */
    static String jsonString(String s) {
        return inScript(JsonWriter.string(s));
    }

    static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("this build lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
