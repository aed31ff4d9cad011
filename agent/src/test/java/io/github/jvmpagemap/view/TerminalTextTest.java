package io.github.jvmpagemap.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escapeSequencesAndLineBreaksAreShownNotActedOn() {
        assertEquals("esc\\u001b[31mRED\\u001b[0m\\u001b]0;title\\u0007",
                TerminalText.visible("esc\u001b[31mRED\u001b[0m\u001b]0;title\u0007"));
        assertEquals("worker\\n  Java Heap   1.0 GiB", TerminalText.visible("worker\n  Java Heap   1.0 GiB"));
        assertEquals("a\\tb\\rc\\u007f\\u009b", TerminalText.visible("a\tb\rc\u007f\u009b"));
    }

    @Test
    void bidirectionalOverridesAndLineSeparatorsAreShown() {
        assertEquals("abc\\u202edcba\\u2028x", TerminalText.visible("abc\u202edcba\u2028x"));
    }

    @Test
    void printableTextEmojiAndJoinersAmongItIsKeptAsIs() {
        String family = "pool-\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67-naïve-日本";
        assertSame(family, TerminalText.visible(family));
    }
}
