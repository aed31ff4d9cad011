package io.github.jvmpagemap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StartupSettleTest {

    @Test
    void theProcessesCpuIsItsUserAndSystemTicksWhateverItsCommandName() {
        // A command name with spaces and parentheses, as a thread or process may name itself.
        String stat = "4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 12345 0 7 0 1733 266 0 0 20 0 31 0 100 "
                + "5000000000 40000 18446744073709551615 1 1 0 0 0 0 0 4096 1026 0 0 0 17 1 0 0 0 0 0\n";
        assertEquals(1733 + 266, StartupSettle.cpuTicks(stat.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aStatLineCutShortIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> StartupSettle.cpuTicks("4242 (java) S 1 4242".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class,
                () -> StartupSettle.cpuTicks("4242 java S".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void quietIsLessThanHalfACoreOverTheLast200Milliseconds() {
        // 200 ms at 100 ticks a second: 20 ticks is a whole core, 10 half of one.
        assertTrue(StartupSettle.quiet(0));
        assertTrue(StartupSettle.quiet(9));
        assertFalse(StartupSettle.quiet(10));
        assertFalse(StartupSettle.quiet(40));
    }

    @Test
    void theRealProcessReadsAsTicksThatGrowWithWork() throws Exception {
        java.nio.file.Path stat = java.nio.file.Path.of("/proc/self/stat");
        long before = StartupSettle.cpuTicks(java.nio.file.Files.readAllBytes(stat));
        long spin = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        long after = StartupSettle.cpuTicks(java.nio.file.Files.readAllBytes(stat));
        assertTrue(after - before >= 20, "300 ms of spinning is at least 20 ticks: " + (after - before) + " " + x);
    }
}
