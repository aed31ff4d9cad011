package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.Gc.G1;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jvmpagemap.samples.it.harness.AgentBeans;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The agent's own garbage moves what it measures: an idle application's eden fills with it, and
 * the heap split is read again each time G1 takes a new eden region for it. On the fast path a
 * steady scan allocates under a kilobyte.
 *
 * <p>What counts is every byte allocated on every thread the agent's work runs on. With these
 * options (no recording enables the agent's JFR events, so no JFR hook runs) that is one thread,
 * the agent's own, on which every scan, discovery and publishing to the MBeans runs. The tests' own
 * JMX reads run on the app's RMI threads and are not counted. The oracle is the JVM's own count of a
 * thread's allocated bytes ({@code getThreadAllocatedBytes} of {@code java.lang:type=Threading}).
 */
@Isolated("what a scan allocates depends on the agent's code being compiled: on a machine busy with the other tests the JIT lags for minutes")
class QuietAgentIT {
    /** The agent's thread, as it names itself once running. */
    static final String AGENT_THREAD = "jvm-pagemap scanner";
    /** Scans after which the agent is steady: its layout discovered, its scan's code compiled. */
    static final int WARM_UP_SCANS = 200;
    static final int MEASURED_SCANS = 100;
    static final long BYTES_PER_SCAN = 1024;
    static final Duration INTERVAL = Duration.ofMillis(100);
    /** Windows of {@link #MEASURED_SCANS} tried, for one without an event that is not the agent's steady scan. */
    static final int WINDOWS = 5;

    /**
     * An idle app (G1, 1 MiB regions) scanned ten times a second: over 100 steady scans the agent's
     * thread allocates under 1 KiB a scan, and the heap split is read again at most once (a region
     * boundary the tests' own reads at the start may cross), where an agent that allocated 76 KB a
     * scan made G1 take a new eden region, and the agent read the split again, every 13 scans.
     * Between its readings the test leaves the app alone: a reading may start a scan (the beans give
     * a scan no older than the interval), which runs on the agent's thread and counts among the scans.
     *
     * <p>Steady scans are those of a layout that stays: an idle JVM still changes its mappings now and
     * then (the JIT commits code cache and grows its compiler threads' malloc arenas for minutes, the
     * JMX connection's threads come and go), and a scan after such a change classifies the process's
     * mappings again and makes new rows, tens of kilobytes once. So the test takes up to
     * {@value #WINDOWS} windows of 100 scans and asserts on the first that is under the bound: an agent
     * whose steady scan allocates a kilobyte or more fails in every one.
     */
    @Cases(jdks = Cases.Jdks.NEWEST, since = 22, collectors = G1, paths = FAST)
    void aSteadyScanOfAnIdleAppAllocatesUnderAKilobyte(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=" + INTERVAL.toMillis() + "ms,maxCpu=off").jvmArgs("-Xmx256m",
                "-XX:G1HeapRegionSize=1m"));
        AgentBeans agent = app.agent();
        agent.awaitScans(WARM_UP_SCANS);
        long thread = threadId(agent.connection(), AGENT_THREAD);

        List<String> windows = new ArrayList<>();
        for (int window = 0; window < WINDOWS; window++) {
            Reading before = Reading.of(agent, thread);
            Reading after;
            do {
                Thread.sleep(INTERVAL.multipliedBy(MEASURED_SCANS + 20).toMillis());
                after = Reading.of(agent, thread);
            } while (after.scans - before.scans < MEASURED_SCANS);
            long scans = after.scans - before.scans;
            long bytes = after.allocated - before.allocated;
            windows.add(bytes + " bytes over " + scans + " scans, " + bytes / scans + " a scan; layout discoveries "
                    + before.discoveries + " -> " + after.discoveries);
            if (bytes < BYTES_PER_SCAN * scans) {
                assertTrue(after.discoveries - before.discoveries <= 1, () -> "the heap split is read again because"
                        + " of the agent: " + windows + "\n" + app.transcript());
                return;
            }
        }
        fail("the agent's thread allocated " + BYTES_PER_SCAN + " bytes a scan or more in every window: " + windows
                + "\n" + app.transcript());
    }

    /** What the app says at one moment: the agent's scans, its thread's allocated bytes, its layout discoveries. */
    private record Reading(long scans, long allocated, int discoveries) {
        static Reading of(AgentBeans agent, long thread) throws Exception {
            Map<String, Object> figures = agent.attributes(AgentBeans.RESIDENCY, "ScanCount", "LayoutDiscoveries");
            long allocated = (Long) agent.connection().invoke(THREADING, "getThreadAllocatedBytes",
                    new Object[] {thread}, new String[] {long.class.getName()});
            return new Reading((Long) figures.get("ScanCount"), allocated, (Integer) figures.get("LayoutDiscoveries"));
        }
    }

    private static final ObjectName THREADING = AgentBeans.name("java.lang:type=Threading");

    /** The id of the live thread named {@code name}, as the JVM's thread bean tells. */
    private static long threadId(MBeanServerConnection jmx, String name) throws Exception {
        for (long id : (long[]) jmx.getAttribute(THREADING, "AllThreadIds")) {
            CompositeData info = (CompositeData) jmx.invoke(THREADING, "getThreadInfo", new Object[] {id},
                    new String[] {long.class.getName()});
            if (info != null && name.equals(info.get("threadName"))) {
                return id;
            }
        }
        throw new AssertionError("no thread named " + name);
    }
}
