package io.github.jvmpagemap.samples.it.harness;

import static org.awaitility.Awaitility.await;

import com.sun.tools.attach.VirtualMachine;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX client in this (separate) JVM, connected the way jconsole connects to a local JVM: the
 * attach API starts the target's local management agent, then a JMXConnector to its address.
 */
public final class JmxClient implements AutoCloseable {
    public static final ObjectName RESIDENCY = name("jvmpagemap:type=Residency");

    private final JMXConnector connector;
    public final MBeanServerConnection connection;

    private JmxClient(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    public static JmxClient connect(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new JmxClient(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    /** Waits for the agent's first scan, after which its beans are registered. */
    public JmxClient awaitBeans() {
        await().atMost(ChildJvm.PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> connection.isRegistered(RESIDENCY));
        return this;
    }

    /** Attributes read in one call, so from one scan. */
    public Map<String, Object> attributes(ObjectName bean, String... names) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Attribute a : connection.getAttributes(bean, names).asList()) {
            values.put(a.getName(), a.getValue());
        }
        return values;
    }

    /** The agent's figures from the Residency bean, read in one call. */
    public Report report() throws Exception {
        return Report.fromJmx(attributes(RESIDENCY, Report.JMX_ATTRIBUTES));
    }

    public static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
