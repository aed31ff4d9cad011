package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.HeadlessChromium;
import io.github.jvmpagemap.samples.it.published.Json;
import io.github.jvmpagemap.samples.it.published.RenderedPage;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names the application chose reach the operator as text, never as something that acts: the
 * {@code named} sample's threads carry escape sequences that would colour a terminal and set its
 * title, a line break that would start what reads like a row, an emoji (which HotSpot gives the
 * kernel in modified UTF-8) and markup with quotes; its recording's file name carries markup too.
 * The text outputs ({@code print=}, {@code report}) show control characters as escapes on one
 * line, the JSON carries every name exactly, and both pages (a scan's and a recording's timeline)
 * show them as that text, with no element made of them and no script error.
 */
class ApplicationNamesIT {
    /** The sample's thread names, as it gives them. */
    static final String ESCAPES = "esc\u001b[31mRED\u001b[0m\u001b]0;title\u0007";
    static final String LINE_BREAK = "two\nlines Java Heap 1 GiB";
    static final String EMOJI = "party \uD83C\uDF89 time";
    static final String MARKUP = "<img src=x onerror=\"alert(1)\">'quoted' & <b>bold</b>";
    /** How a terminal's text shows them: each control character as its escape, on the name's one line. */
    static final String ESCAPES_SHOWN = "esc\\u001b[31mRED\\u001b[0m\\u001b]0;title\\u0007";
    static final String LINE_BREAK_SHOWN = "two\\nlines Java Heap 1 GiB";
    /** A recording's file name an operator might be tricked into: markup and quotes, no slash nor comma. */
    static final String RECORDING = "<img src=y onerror=alert(2)>'q\"&.jfr";

    @TempDir
    Path dir;

    @Cases
    void threadNamesAndFileNamesAreShownAsTextInEveryOutput(Case c, Apps apps) throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(dir);
        assumeTrue(chromium.isPresent(), "no chromium on the PATH (.ci/run installs the Debian package)");
        Path recording = dir.resolve(RECORDING);
        App app = apps.start(c.app("named").agent("interval=1s,print=1s,recording=" + recording)
                .jvmArgs("-Xmx128m").endsWhenTold());
        app.awaitStderr(ESCAPES_SHOWN);
        app.awaitStderr(LINE_BREAK_SHOWN);
        String pid = Long.toString(app.pid());
        CommandLineRun text = CommandLineRun.of(c.jdk(), "report", pid);
        CommandLineRun json = CommandLineRun.of(c.jdk(), "report", pid, "--json");
        Path page = dir.resolve("residency.html");
        CommandLineRun html = CommandLineRun.of(c.jdk(), "report", pid, "--html", page.toString());
        assertEquals(0, app.end(), app::transcript);
        Path timeline = dir.resolve("timeline.html");
        CommandLineRun story = CommandLineRun.of(c.jdk(), "report", recording.toString(), "--html",
                timeline.toString());
        for (CommandLineRun run : List.of(text, json, html, story)) {
            assertEquals(0, run.exitCode(), run::transcript);
        }

        assertAll(() -> shownOnOneLineEach(String.join("\n", app.stderr()), "print="),
                () -> shownOnOneLineEach(text.stdout(), "report"),
                () -> carriedExactly(json.stdout()),
                () -> shownAsText(chromium.get(), page, List.of(ESCAPES_SHOWN, LINE_BREAK_SHOWN, EMOJI, MARKUP)),
                () -> shownAsText(chromium.get(), timeline, List.of(recording.toString())));
    }

    /** Terminal text: no control character but line ends, each name on a line of its own. */
    private static void shownOnOneLineEach(String output, String what) {
        for (char c : output.toCharArray()) {
            assertTrue(c == '\n' || c >= 0x20 && (c < 0x7f || c > 0x9f), () -> what + " holds the control "
                    + (int) c + ":\n" + output);
        }
        List<String> lines = output.lines().toList();
        List<String> shown = List.of(ESCAPES_SHOWN, LINE_BREAK_SHOWN, MARKUP,
                // Where the output's encoding is UTF-8, the emoji whole; else as the encoder's replacement.
                UTF8_OUTPUT ? EMOJI : "party ? time");
        for (String name : shown) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + name + " ")), () -> what + " shows no row "
                    + name + ":\n" + output);
        }
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("lines Java Heap")), () -> what
                + " starts a line with the text after a name's line break:\n" + output);
    }

    /** The output encoding of the JVMs the tests start, which inherit this one's locale. */
    private static final boolean UTF8_OUTPUT = Charset.forName(System.getProperty("native.encoding"))
            .equals(StandardCharsets.UTF_8);

    @SuppressWarnings("unchecked")
    private static void carriedExactly(String json) {
        assertTrue(json.chars().allMatch(c -> c < 0x7f), "the JSON is ASCII, any other character escaped");
        List<Object> groups = (List<Object>) ((Map<String, Object>) Json.parse(json)).get("threadStackGroups");
        List<String> names = groups.stream().map(g -> (String) ((Map<String, Object>) g).get("group")).toList();
        assertTrue(names.containsAll(List.of(ESCAPES, LINE_BREAK, EMOJI, MARKUP)), () -> "groups " + names);
    }

    /**
     * Chromium's document of {@code page}: the script ran to its end with no error (nor a
     * Content-Security-Policy violation), each name is in it as text, and none made an element.
     */
    private static void shownAsText(HeadlessChromium chromium, Path page, List<String> names) throws Exception {
        RenderedPage shown = new RenderedPage(chromium.dumpDom(page));
        assertEquals(List.of(), shown.errors(), "errors the page listed");
        assertTrue(shown.scriptFinished(), "the script ran to its end");
        for (String name : names) {
            String serialised = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            assertTrue(shown.dom.contains(serialised), () -> page.getFileName() + " shows no text " + name);
        }
        assertFalse(shown.dom.contains("<img") || shown.dom.contains("<b>"), () -> page.getFileName()
                + " holds an element made of a name:\n" + shown.dom);
    }
}
