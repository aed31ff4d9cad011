package io.github.jvmpagemap.jvm;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * Diagnostic commands through the platform's {@code com.sun.management:type=DiagnosticCommand}
 * MBean, from inside the JVM and without NMT. The MBean names each command's operation in
 * camel case: {@code GC.heap_info} is {@code gcHeapInfo}.
 */
public final class MBeanDiagnosticCommands implements DiagnosticCommands {
    private static final String[] SIGNATURE = {String[].class.getName()};

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    public MBeanDiagnosticCommands() {
        try {
            name = new ObjectName("com.sun.management:type=DiagnosticCommand");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String run(String command) {
        String[] words = command.trim().split("\\s+");
        String[] arguments = Arrays.copyOfRange(words, 1, words.length);
        try {
            Object out = server.invoke(name, operationName(words[0]), new Object[] {arguments}, SIGNATURE);
            return String.valueOf(out);
        } catch (JMException | RuntimeException e) {
            if (e instanceof InstanceNotFoundException) {
                throw new DiagnosticCommandException("diagnostic command " + command + ": the JVM's DiagnosticCommand"
                        + " MBean is not registered (it comes with the jdk.management module, which this runtime"
                        + " lacks)", e);
            }
            if (e instanceof ReflectionException && e.getCause() instanceof NoSuchMethodException) {
                // Seen on a runtime linked without jdk.jfr: the bean then offers no command at all.
                throw new DiagnosticCommandException("diagnostic command " + command + " is not offered by the"
                        + " JVM's DiagnosticCommand MBean (a runtime linked without the jdk.jfr module offers none)", e);
            }
            throw new DiagnosticCommandException("diagnostic command " + command + " failed: " + e, e);
        }
    }

    static String operationName(String command) {
        StringBuilder operation = new StringBuilder();
        boolean upper = false;
        for (char c : command.toCharArray()) {
            if (c == '.' || c == '_') {
                upper = true;
            } else if (operation.length() == 0) {
                operation.append(Character.toLowerCase(c));
            } else {
                operation.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
                upper = false;
            }
        }
        return operation.toString();
    }
}
