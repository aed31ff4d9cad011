package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.AgentBeans;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.kernel.ProcStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The peaks and the last word at exit, on JDK 17 and 25: the {@code peak} sample holds 256 MiB of
 * heap, lets it go and has G1 give it back (a low MaxHeapFreeRatio), so that the process's
 * resident set falls far below its peak. The kernel's VmHWM is the oracle for the process's
 * peak; for the rows', the heap the sample held.
 */
class PeaksAndExitIT {
    private static final long MIB = 1 << 20;
    private static final String[] SHRINKING_HEAP = {"-Xmx512m", "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10"};

    /**
     * {@code print=1s}: a table every second, and a last one at exit with each row's peak beside
     * its resident and VmHWM beside VmRSS; the periodic tables have neither.
     */
    @Cases(collectors = Gc.G1)
    void theTableAtExitShowsThePeaksThePeriodicTablesSaw(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("peak").agent("interval=1s,print=1s").jvmArgs(SHRINKING_HEAP)
                .jvmArgs("-Dsamples.peak.holdMillis=4000").readyWhen("released").endsWhenTold());
        long hwmBefore = ProcStatus.vmHwm(app.pid());
        assertEquals(0, app.end(), app::transcript);

        List<Table> tables = Table.all(app.stderr());
        assertTrue(tables.size() >= 3, () -> tables.size() + " tables: " + app.transcript());
        Table last = tables.get(tables.size() - 1);
        assertTrue(last.header.endsWith(", at exit)"), last.header);
        for (Table periodic : tables.subList(0, tables.size() - 1)) {
            assertFalse(periodic.header.contains("at exit"), periodic.header);
            assertFalse(periodic.columns.contains("Peak"), periodic.header);
            assertFalse(periodic.totals.containsKey("Process peak resident (VmHWM)"));
        }
        assertEquals(last.columns.indexOf("Resident") + 1, last.columns.indexOf("Peak"), "the peak beside the resident");
        long heldMax = tables.stream().mapToLong(t -> t.size("Java Heap", "Resident")).max().orElseThrow();
        assertTrue(heldMax >= 256 * MIB, "a periodic table saw the heap held: " + heldMax);
        // At least the highest any printed table saw (the background scans between them are not printed),
        // and within the process's own peak.
        long heapPeak = last.size("Java Heap", "Peak");
        assertTrue(heapPeak >= heldMax - MIB / 10 && heapPeak <= hwmBefore, heldMax + " <= " + heapPeak + " <= " + hwmBefore);
        assertTrue(last.size("Java Heap", "Resident") <= heldMax - 128 * MIB, () -> "the heap given back: "
                + last.size("Java Heap", "Resident") + " of " + heldMax);
        for (String row : last.rows.keySet()) {
            assertTrue(last.size(row, "Peak") >= last.size(row, "Resident"), row);
        }
        long vmHwm = last.total("Process peak resident (VmHWM)");
        assertTrue(vmHwm >= hwmBefore - MIB && vmHwm <= hwmBefore + 64 * MIB,
                "VmHWM " + vmHwm + " against the kernel's " + hwmBefore + " before the exit");
        assertTrue(vmHwm >= last.total("Process resident (VmRSS)") + 128 * MIB, () -> "VmHWM " + vmHwm + ", VmRSS "
                + last.total("Process resident (VmRSS)"));
    }

    /**
     * {@code print=exit} and a job busy until it ends after a second: start-up never settles, so
     * no scan runs before the exit, which still prints one table, whole, and nothing else.
     */
    @Cases(collectors = Gc.G1)
    void aJobEndingBeforeItsFirstScanStillGetsOneTableAtExit(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("churn").agent("print=exit").jvmArgs("-Xmx256m").seconds(1));
        assertEquals(0, app.awaitExit(), app::transcript);

        List<Table> tables = Table.all(app.stderr());
        assertEquals(1, tables.size(), app::transcript);
        Table table = tables.get(0);
        assertTrue(table.header.endsWith(", at exit)"), table.header);
        for (String row : List.of("Java Heap", "Metaspace", "Code Cache", "Thread Stacks", "Native Heap",
                "Mapped Files")) {
            assertTrue(table.size(row, "Resident") > 0, row + ": " + app.transcript());
        }
        long rss = table.total("Process resident (VmRSS)");
        long notAttributed = Math.abs(table.total("  not attributed"));
        // The JIT compilers still at work while the JVM exits change its native memory during the walk.
        assertTrue(notAttributed <= rss / 20, "the rows hold VmRSS: " + notAttributed + " of " + rss + " not attributed");
        assertTrue(table.total("Process peak resident (VmHWM)") >= rss);
    }

    /**
     * {@code resetPeaks()}: the kernel's VmHWM falls to the resident set, and the beans read next
     * show it, and each row's peak at its resident.
     */
    @Cases(collectors = Gc.G1)
    void resetPeaksStartsEveryPeakAgainFromNow(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("peak").agent("interval=1s").jvmArgs(SHRINKING_HEAP)
                .jvmArgs("-Dsamples.peak.holdMillis=3000").readyWhen("released").endsWhenTold());
        AgentBeans agent = app.agent();
        ObjectName heap = AgentBeans.name("jvmpagemap:type=Region,name=Java Heap");
        long before = ProcStatus.vmHwm(app.pid());
        agent.scanNow();
        Map<String, Object> process = agent.attributes(AgentBeans.RESIDENCY, "ProcessPeakResidentBytes",
                "ProcessResidentBytes");
        long after = ProcStatus.vmHwm(app.pid());
        long published = (Long) process.get("ProcessPeakResidentBytes");
        // The scan may be up to an interval older than the first reading: VmHWM may have grown a little since.
        assertTrue(published >= before - 4 * MIB && published <= after, before + " <= " + published + " <= " + after);
        assertTrue(published >= (Long) process.get("ProcessResidentBytes") + 128 * MIB, process.toString());
        Map<String, Object> held = agent.attributes(heap, "PeakResidentBytes", "ResidentBytes");
        assertTrue((Long) held.get("PeakResidentBytes") >= 256 * MIB, held.toString());

        agent.connection().invoke(AgentBeans.RESIDENCY, "resetPeaks", new Object[0], new String[0]);

        // Published first: reading it may take a scan, whose VmHWM the kernel's read after it bounds.
        long publishedAfterReset = (Long) agent.attributes(AgentBeans.RESIDENCY, "ProcessPeakResidentBytes")
                .get("ProcessPeakResidentBytes");
        long kernelAfterReset = ProcStatus.vmHwm(app.pid());
        assertTrue(kernelAfterReset <= before - 128 * MIB, "the kernel's VmHWM was reset: " + kernelAfterReset);
        assertTrue(publishedAfterReset <= kernelAfterReset, publishedAfterReset + " <= " + kernelAfterReset);
        Map<String, Object> reset = agent.attributes(heap, "PeakResidentBytes", "ResidentBytes");
        assertEquals(reset.get("ResidentBytes"), reset.get("PeakResidentBytes"), reset.toString());
    }

    /** One printed table, read with this test's own parser: its columns, rows and totals in bytes. */
    private record Table(String header, List<String> columns, Map<String, List<String>> rows,
            Map<String, Long> totals) {

        static List<Table> all(List<String> stderr) {
            List<Table> tables = new ArrayList<>();
            for (int i = 0; i < stderr.size(); i++) {
                if (!stderr.get(i).startsWith("jvm-pagemap residency at ")) {
                    continue;
                }
                List<String> columns = List.of(stderr.get(i + 1).trim().split("\\s+"));
                Map<String, List<String>> rows = new LinkedHashMap<>();
                Map<String, Long> totals = new LinkedHashMap<>();
                int j = i + 2;
                for (; j < stderr.size() && !stderr.get(j).startsWith("  not attributed"); j++) {
                    List<String> cells = List.of(stderr.get(j).trim().split("\\s{2,}"));
                    if (cells.size() == columns.size()) {
                        rows.put(cells.get(0), cells.subList(1, cells.size()));
                    } else if (cells.size() == 2) {
                        totals.put(stderr.get(j).startsWith("  ") ? "  " + cells.get(0) : cells.get(0),
                                bytes(cells.get(1)));
                    }
                }
                List<String> last = List.of(stderr.get(j).trim().split("\\s{2,}"));
                totals.put("  not attributed", bytes(last.get(1)));
                tables.add(new Table(stderr.get(i), columns, rows, totals));
            }
            return tables;
        }

        long size(String row, String column) {
            return bytes(rows.get(row).get(columns.indexOf(column) - 1));
        }

        long total(String name) {
            return totals.get(name);
        }

        /** "256.0 MiB", "12.00 KiB", "-4.000 KiB", "0 B" in bytes, to the precision printed. */
        static long bytes(String text) {
            String[] parts = text.split(" ");
            double value = Double.parseDouble(parts[0]);
            long unit = switch (parts[1]) {
                case "B" -> 1;
                case "KiB" -> 1L << 10;
                case "MiB" -> 1L << 20;
                case "GiB" -> 1L << 30;
                default -> 1L << 40;
            };
            return Math.round(value * unit);
        }
    }
}
