package io.github.jvmpagemap.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The JDK's attach mechanism, as jconsole and jcmd use it: loads our agent (through
 * byte-buddy-agent), starts a JVM's local management agent, reads its properties. Every failure
 * becomes a one-line {@link CommandFailure}.
 */
final class Attach {
    private Attach() {
    }

    /** What {@link VirtualMachine#list()} finds: JVMs this user can attach to. */
    static List<VirtualMachineDescriptor> list() throws CommandFailure {
        try {
            return VirtualMachine.list();
        } catch (LinkageError e) {
            throw noAttachApi();
        }
    }

    /**
     * A JVM's properties as the attach API gives them.
     *
     * @param system its system properties ({@code java.specification.version}, ...)
     * @param agent its agent properties ({@code sun.jvm.args}, ...)
     */
    record VmProperties(Properties system, Properties agent) {
    }

    static VmProperties properties(long pid) throws CommandFailure {
        return withVm(pid, vm -> new VmProperties(vm.getSystemProperties(), vm.getAgentProperties()));
    }

    /** Starts (or finds) the target's local JMX connector, as jconsole does, and returns its address. */
    static String localConnectorAddress(long pid) throws CommandFailure {
        return withVm(pid, VirtualMachine::startLocalManagementAgent);
    }

    /** What one attach session asks of a JVM. */
    @FunctionalInterface
    private interface Session<T> {
        T ask(VirtualMachine vm) throws IOException;
    }

    /** Attaches to {@code pid}, asks, and detaches, whatever happens. */
    private static <T> T withVm(long pid, Session<T> session) throws CommandFailure {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                return session.ask(vm);
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException | RuntimeException e) {
            throw failure(pid, e);
        } catch (LinkageError e) {
            throw noAttachApi();
        }
    }

    /** Loads the agent jar into the target with these options (may be empty). */
    static void loadAgent(Path jar, long pid, String options) throws CommandFailure {
        try {
            ByteBuddyAgent.attach(jar.toFile(), Long.toString(pid), options.isEmpty() ? null : options);
        } catch (RuntimeException e) {
            throw failure(pid, e);
        } catch (LinkageError e) {
            throw noAttachApi();
        }
    }

    /** The one-line reason behind an attach failure, however deep byte-buddy wrapped it. */
    static CommandFailure failure(long pid, Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && !(cause instanceof AttachNotSupportedException
                || cause instanceof AgentLoadException || cause instanceof AgentInitializationException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof AttachNotSupportedException && message.contains("does not support the attach mechanism")) {
            return CommandFailure.failed("process " + pid + " refuses attach (it was started with"
                    + " -XX:+DisableAttachMechanism)");
        }
        if (cause instanceof AgentLoadException || cause instanceof AgentInitializationException) {
            return CommandFailure.failed("process " + pid + " did not load the agent: " + message);
        }
        return CommandFailure.failed("cannot attach to process " + pid + ": " + message);
    }

    private static CommandFailure noAttachApi() {
        return CommandFailure.failed("this Java runtime has no attach API (module jdk.attach); run the command"
                + " with a full JDK");
    }
}
