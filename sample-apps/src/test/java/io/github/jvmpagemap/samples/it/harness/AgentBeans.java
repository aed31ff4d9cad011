package io.github.jvmpagemap.samples.it.harness;

import static org.awaitility.Awaitility.await;

import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The agent's MBeans as a JMX client in another JVM sees them (jconsole, Prometheus' exporter). */
public final class AgentBeans {
    public static final ObjectName RESIDENCY = name("jvmpagemap:type=Residency");
    /**
     * How long a reading waits for a scan newer than the one before: an interval and a scan, which
     * takes seconds where the process has tens of thousands of mappings on a loaded machine.
     */
    private static final Duration NEXT_SCAN = Duration.ofSeconds(30);

    private final MBeanServerConnection connection;

    AgentBeans(MBeanServerConnection connection) {
        this.connection = connection;
    }

    public MBeanServerConnection connection() {
        return connection;
    }

    /** Waits for the agent's first scan, after which its beans are registered. */
    public AgentBeans awaitBeans() {
        await().atMost(App.PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> connection.isRegistered(RESIDENCY));
        return this;
    }

    /** The agent's figures, read in one call (so from one scan, no older than the agent's interval). */
    public Report report() throws Exception {
        awaitBeans();
        return Report.fromJmx(attributes(RESIDENCY, Report.JMX_ATTRIBUTES));
    }

    /**
     * The figures of a scan that began after {@code after}: an older scan missed what the app, and
     * the last reading's own calls, did since. Asks for the scan's time (which starts a scan once
     * the last is older than the interval) until it is newer.
     */
    public Report reportOfAScanAfter(Instant after) throws Exception {
        awaitBeans();
        await().atMost(NEXT_SCAN).pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.ofEpochMilli((Long) connection.getAttribute(RESIDENCY, "LastScanTime"))
                        .isAfter(after));
        return report();
    }

    /**
     * Waits until the agent has made {@code count} scans (its ScanCount, read without asking for a
     * scan); the count then.
     */
    public long awaitScans(long count) throws Exception {
        awaitBeans();
        long[] seen = new long[1];
        await().atMost(App.PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> (seen[0] = (Long) connection.getAttribute(RESIDENCY, "ScanCount")) >= count);
        return seen[0];
    }

    /** {@code scanNow()}: the start of a scan no older than the interval, in epoch milliseconds. */
    public long scanNow() throws Exception {
        awaitBeans();
        return (Long) connection.invoke(RESIDENCY, "scanNow", new Object[0], new String[0]);
    }

    /**
     * {@code measureWritten(durationMillis)}: a write window of {@code window} armed now, then the
     * scan at its end, whose start (epoch milliseconds) it returns once done; the beans then give
     * that scan, its written and untracked figures. Throws the bean's MBeanException, whose message
     * says why, where written pages cannot be measured.
     */
    public long measureWritten(Duration window) throws Exception {
        awaitBeans();
        return (Long) connection.invoke(RESIDENCY, "measureWritten", new Object[] {window.toMillis()},
                new String[] {long.class.getName()});
    }

    /** {@code snapshot(path)}: a page-map snapshot written by the app to {@code file}. */
    public void snapshot(Path file) throws Exception {
        awaitBeans();
        connection.invoke(RESIDENCY, "snapshot", new Object[] {file.toString()}, new String[] {String.class.getName()});
    }

    /** Attributes read in one call, so from one scan. */
    public Map<String, Object> attributes(ObjectName bean, String... names) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Attribute a : connection.getAttributes(bean, names).asList()) {
            values.put(a.getName(), a.getValue());
        }
        return values;
    }

    public static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
