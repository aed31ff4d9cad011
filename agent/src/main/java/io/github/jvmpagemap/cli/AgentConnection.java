package io.github.jvmpagemap.cli;

import io.github.jvmpagemap.jmx.ResidencyMBeans;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX connection to the agent in a target JVM, made as jconsole makes one (the attach API starts
 * the target's local management agent): its scans and its snapshots.
 */
final class AgentConnection implements AutoCloseable {
    /** How long the agent gets to finish its first scan (layout discovery included). */
    static final Duration FIRST_SCAN = Duration.ofSeconds(30);

    private final TargetProcess target;
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private AgentConnection(TargetProcess target, JMXConnector connector) throws IOException {
        this.target = target;
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    static AgentConnection open(TargetProcess target) throws CommandFailure {
        String address = Attach.localConnectorAddress(target.pid());
        try {
            return new AgentConnection(target, JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (IOException e) {
            throw CommandFailure.failed("cannot connect to the JMX agent of process " + target.pid() + " (" + e + ")");
        }
    }

    /** The agent's latest scan, waiting for its MBeans and first scan (the agent may have been loaded just now). */
    RemoteResidency firstScan() throws CommandFailure, IOException, JMException, InterruptedException {
        long deadline = System.nanoTime() + FIRST_SCAN.toNanos();
        while (true) {
            if (connection.isRegistered(ResidencyMBeans.RESIDENCY)) {
                RemoteResidency scan = RemoteResidency.read(connection);
                if (scan.residency() != null) {
                    return scan;
                }
            } else if (!target.agentRunning()) {
                throw CommandFailure.failed("the agent stopped in process " + target.pid()
                        + "; its reason is on that process's stderr");
            }
            if (System.nanoTime() > deadline) {
                throw CommandFailure.failed("the agent in process " + target.pid() + " publishes no MBeans"
                        + " (was it started with jmx=off?)");
            }
            Thread.sleep(50);
        }
    }

    /** The agent's latest scan as it is now. */
    RemoteResidency latest() throws IOException, JMException {
        return RemoteResidency.read(connection);
    }

    /**
     * Asks the agent for a write window of {@code window} and waits for its scan.
     *
     * @throws MBeanException naming why the agent could not measure written pages
     */
    RemoteResidency measureWritten(Duration window) throws CommandFailure, IOException, JMException {
        long started = (Long) connection.invoke(ResidencyMBeans.RESIDENCY, "measureWritten",
                new Object[] {window.toMillis()}, new String[] {long.class.getName()});
        RemoteResidency scan = RemoteResidency.read(connection);
        if (scan.residency() == null || scan.residency().time().toEpochMilli() != started
                || !scan.residency().hasWriteWindow()) {
            throw CommandFailure.failed("the agent in process " + target.pid() + " scanned again before its write"
                    + " window's scan could be read; try again");
        }
        return scan;
    }

    /** Asks the agent to write a snapshot to {@code file}, which it creates; the path it wrote. */
    Path snapshot(Path file) throws IOException, JMException {
        Object written = connection.invoke(ResidencyMBeans.RESIDENCY, "snapshot", new Object[] {file.toString()},
                new String[] {String.class.getName()});
        return Path.of(String.valueOf(written));
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
