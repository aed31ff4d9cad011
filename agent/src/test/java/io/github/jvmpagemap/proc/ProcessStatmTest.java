package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStatmTest {
    @Test
    void residentIsTheSecondFieldInPages(@TempDir Path dir) throws IOException {
        // size resident shared text lib data dt, in pages
        Path statm = Files.writeString(dir.resolve("statm"), "1174207 33880 6702 1 0 95061 0\n");

        assertEquals(33880L * 4096, ProcessStatm.residentBytes(statm, 4096));
    }

    @Test
    void aMissingOrShortFileGivesMinusOne(@TempDir Path dir) throws IOException {
        assertEquals(-1, ProcessStatm.residentBytes(dir.resolve("statm"), 4096));
        assertEquals(-1, ProcessStatm.residentBytes(Files.writeString(dir.resolve("short"), "1174207\n"), 4096));
    }

    @Test
    void agreesWithVmRssOfTheSameProcess() throws Exception {
        // A sleeping process: its resident set holds still, unlike that of a JVM running tests.
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Path dir = Path.of("/proc", Long.toString(sleeper.pid()));
            long pageSize = ProcFiles.self().pageSize();
            long statm = ProcessStatm.residentBytes(dir.resolve("statm"), pageSize);
            for (int attempt = 0; attempt < 100 && statm != vmRss(Files.readString(dir.resolve("status"))); attempt++) {
                Thread.sleep(10); // still starting up
                statm = ProcessStatm.residentBytes(dir.resolve("statm"), pageSize);
            }
            assertTrue(statm > 0, "resident: " + statm);
            assertEquals(vmRss(Files.readString(dir.resolve("status"))), statm);
        } finally {
            sleeper.destroy();
        }
    }

    private static long vmRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split(" ")[0]) * 1024;
            }
        }
        throw new AssertionError("no VmRSS in " + status);
    }
}
