package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcTextTest {

    @Test
    void theBufferGrowsForALargeFileAndShrinksBackAfterwards(@TempDir Path dir) throws IOException {
        Path large = Files.writeString(dir.resolve("large"), "line\n".repeat(100_000));
        Path small = Files.writeString(dir.resolve("small"), "one line\n");
        ProcText text = new ProcText(4096);
        int[] lines = {0};

        text.read(large, (in, start, end) -> lines[0]++);
        assertEquals(100_000, lines[0]);
        assertTrue(text.capacity() >= 500_000, "grown to hold the file");

        text.read(small, (in, start, end) -> lines[0]++);
        assertEquals(100_001, lines[0]);
        assertEquals(4096, text.capacity(), "back to its first size once the large file is gone");
    }
}
