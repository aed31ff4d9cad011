package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.AgentBeans;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;

/**
 * The CPU cap, on by default at half a percent of a core: two idle apps scanned every 100 ms
 * (scans of some milliseconds each, far above the cap), one with the default cap and one with
 * {@code maxCpu=off}. The first minute is not counted; after it, the kernel's own count of the
 * agent thread's CPU ({@code /proc/<pid>/task/<tid>/schedstat}) holds the capped agent to the cap
 * while a client asks for a scan four times a second, and the uncapped one scans on.
 *
 * <p>Started first ({@code @Order}): it waits out the agent's first minute.
 */
@Order(1)
class CpuCapIT {
    private static final double CAP = 0.005;
    private static final Duration UNCOUNTED = Duration.ofMinutes(1);
    private static final Duration WINDOW = Duration.ofSeconds(20);

    @Cases(jdks = Cases.Jdks.NEWEST)
    void afterTheFirstMinuteTheAgentStaysWithinItsCpuCapAndSaysSoOnce(Case c, Apps apps) throws Exception {
        long started = System.nanoTime();
        App capped = apps.start(c.app("idle").agent("interval=100ms").jvmArgs("-Xmx256m"));
        App uncapped = apps.start(c.app("idle").agent("interval=100ms,maxCpu=off").jvmArgs("-Xmx256m"));
        AgentBeans agent = capped.agent();
        agent.awaitScans(1);
        uncapped.agent().awaitScans(1);
        Thread.sleep(Math.max(0, UNCOUNTED.plusSeconds(3).toMillis() - (System.nanoTime() - started) / 1_000_000));

        long cpuBefore = agentCpuNanos(capped.pid());
        long scansBefore = scanCount(agent);
        long uncappedBefore = scanCount(uncapped.agent());
        long from = System.nanoTime();
        while (System.nanoTime() - from < WINDOW.toNanos()) {
            agent.scanNow(); // a request while the budget is spent gets the latest scan
            Thread.sleep(250);
        }
        long elapsed = System.nanoTime() - from;
        long cpu = agentCpuNanos(capped.pid()) - cpuBefore;
        long scans = scanCount(agent) - scansBefore;
        long uncappedScans = scanCount(uncapped.agent()) - uncappedBefore;
        Map<String, Object> last = agent.attributes(AgentBeans.RESIDENCY, "EffectiveIntervalNanos",
                "LastScanDurationNanos");
        long effective = (Long) last.get("EffectiveIntervalNanos");
        long oneScan = (Long) last.get("LastScanDurationNanos");

        // At most the cap's share of the window, and the one scan that ran last (its CPU is at
        // most its wall time, doubled for what comes with it).
        assertTrue(cpu <= CAP * elapsed + 2 * oneScan, "the agent's thread used " + cpu / 1e6 + " ms in "
                + elapsed / 1e9 + " s; the cap allows " + CAP * elapsed / 1e6 + " ms and one scan of " + oneScan / 1e6);
        assertTrue(effective > Duration.ofMillis(100).toNanos(), "the interval stretched: " + effective);
        assertTrue(scans <= elapsed / effective + 2, scans + " scans in " + elapsed / 1e9 + " s, every " + effective
                / 1e9 + " s");
        assertTrue(uncappedScans >= 5 * Math.max(1, scans), "without the cap " + uncappedScans + " scans, with it "
                + scans);
        assertEquals(Duration.ofMillis(100).toNanos(), uncapped.agent().attributes(AgentBeans.RESIDENCY,
                "EffectiveIntervalNanos").get("EffectiveIntervalNanos"), "uncapped: the interval asked for");
        List<String> notes = capped.stderr().stream().filter(l -> l.startsWith(AgentLines.NOTE + "maxCpu=0.5%:"))
                .toList();
        assertEquals(1, notes.size(), capped::transcript);
        assertTrue(notes.get(0).contains("the background scans run every "), notes.get(0));
        assertTrue(uncapped.stderr().stream().noneMatch(l -> l.contains("maxCpu")), uncapped::transcript);
    }

    private static long scanCount(AgentBeans agent) throws Exception {
        return (Long) agent.connection().getAttribute(AgentBeans.RESIDENCY, "ScanCount");
    }

    /** The agent's thread's time on a CPU, as the kernel counts it (schedstat's first field), in nanoseconds. */
    private static long agentCpuNanos(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).strip().equals("jvm-pagemap sca")) {
                    return Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                }
            }
        }
        throw new IOException("no agent thread in process " + pid);
    }
}
