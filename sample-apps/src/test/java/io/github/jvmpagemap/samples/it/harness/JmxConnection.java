package io.github.jvmpagemap.samples.it.harness;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX connection from the tests' JVM to an app, made the way jconsole connects to a local JVM:
 * the attach API starts the app's local management agent, then a JMXConnector to its address. One
 * per app: its own work in the app (the JIT compiling what it runs) settles after the first calls.
 */
final class JmxConnection implements AutoCloseable {
    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private JmxConnection(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    static JmxConnection to(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            return new JmxConnection(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (Exception e) {
            throw new AssertionError("no JMX connection to process " + pid + ": " + e, e);
        }
    }

    MBeanServerConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // The app is gone, and its end of the connection with it.
        }
    }
}
