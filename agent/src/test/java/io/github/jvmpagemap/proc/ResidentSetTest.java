package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidentSetTest {
    private static final String STATUS = String.join("\n", "Name:\tjava", "VmPeak:\t 5034752 kB",
            "VmHWM:\t  301248 kB", "VmRSS:\t  296860 kB", "RssAnon:\t  270272 kB", "HugetlbPages:\t  524288 kB",
            "Threads:\t22", "");

    @Test
    void readsVmRssItsPeakAndTheHugetlbPagesVmRssLeavesOut() {
        byte[] text = STATUS.getBytes(StandardCharsets.US_ASCII);
        assertEquals(new ResidentSet.Figures(296860L << 10, 301248L << 10, 524288L << 10),
                ResidentSet.parse(text, text.length));
    }

    @Test
    void aMissingLineOrFileIsMinusOne(@TempDir Path dir) throws IOException {
        byte[] text = "Name:\tjava\nVmRSS:\t  12 kB\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new ResidentSet.Figures(12 << 10, -1, -1), ResidentSet.parse(text, text.length));
        assertEquals(ResidentSet.Figures.UNKNOWN, new ResidentSet(dir.resolve("status")).read());
        Files.writeString(dir.resolve("empty"), "");
        assertEquals(ResidentSet.Figures.UNKNOWN, new ResidentSet(dir.resolve("empty")).read());
    }

    @Test
    void agreesWithTheStatusOfASleepingProcess() throws Exception {
        // A sleeping process: its resident set holds still, unlike that of a JVM running tests.
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Path status = Path.of("/proc", Long.toString(sleeper.pid()), "status");
            ResidentSet.Figures read = new ResidentSet(status).read();
            String text = Files.readString(status);
            for (int attempt = 0; attempt < 100 && read.vmRss() != field(text, "VmRSS:") * 1024; attempt++) {
                Thread.sleep(10); // still starting up
                read = new ResidentSet(status).read();
                text = Files.readString(status);
            }
            assertTrue(read.vmRss() > 0, "resident: " + read);
            assertEquals(field(text, "VmRSS:") * 1024, read.vmRss(), text);
            assertEquals(field(text, "VmHWM:") * 1024, read.vmHwm(), text);
            assertEquals(field(text, "HugetlbPages:") * 1024, read.hugetlb(), text);
        } finally {
            sleeper.destroy();
        }
    }

    private static long field(String status, String key) {
        return status.lines().filter(l -> l.startsWith(key)).mapToLong(l -> Long.parseLong(
                l.substring(key.length()).replace("kB", "").trim())).findFirst().orElseThrow();
    }
}
