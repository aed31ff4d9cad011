package io.github.jvmpagemap.samples.it.harness;

import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * The JVM's own diagnostic commands, which {@code jcmd} runs, invoked through its
 * {@code com.sun.management:type=DiagnosticCommand} MBean on an app's connection: the JVM's own
 * output, as text, for the tests' own parsers.
 */
public final class DiagnosticCommands {
    private static final ObjectName BEAN = AgentBeans.name("com.sun.management:type=DiagnosticCommand");
    private static final String[] SIGNATURE = {String[].class.getName()};

    private final MBeanServerConnection connection;

    DiagnosticCommands(MBeanServerConnection connection) {
        this.connection = connection;
    }

    /** {@code VM.info}. */
    public String vmInfo() {
        return run("vmInfo");
    }

    /** {@code GC.heap_info}. */
    public String gcHeapInfo() {
        return run("gcHeapInfo");
    }

    /** {@code Compiler.codecache}. */
    public String compilerCodecache() {
        return run("compilerCodecache");
    }

    /** {@code VM.metaspace} with these arguments (e.g. {@code vslist}). */
    public String vmMetaspace(String... arguments) {
        return run("vmMetaspace", arguments);
    }

    /** {@code System.map} (JDK 22+). */
    public String systemMap() {
        return run("systemMap");
    }

    /** {@code GC.run}: a full collection. */
    public String gcRun() {
        return run("gcRun");
    }

    /** {@code JFR.dump} with these arguments (e.g. {@code name=...}, {@code filename=...}). */
    public String jfrDump(String... arguments) {
        return run("jfrDump", arguments);
    }

    private String run(String operation, String... arguments) {
        try {
            return (String) connection.invoke(BEAN, operation, new Object[] {arguments.length == 0 ? null : arguments},
                    SIGNATURE);
        } catch (Exception e) {
            throw new AssertionError("the JVM's " + operation + " " + List.of(arguments) + " failed: " + e, e);
        }
    }
}
