package io.github.jvmpagemap.cli;

import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code list}: the JVMs this user can attach to, and whether the agent runs in each. */
final class ListCommand implements Command {
    private final PrintStream out;
    private final String osName;

    ListCommand(PrintStream out, String osName) {
        this.out = out;
        this.osName = osName;
    }

    @Override
    public void run(List<String> args) throws CommandFailure {
        Arguments.none(args, "list");
        Arguments.linuxOnly(osName);
        long self = ProcessHandle.current().pid();
        out.printf(Locale.ROOT, "%-8s %-11s %s%n", "PID", "JVM-PAGEMAP", "COMMAND");
        for (VirtualMachineDescriptor vm : Attach.list()) {
            long pid;
            try {
                pid = Long.parseLong(vm.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid != self) {
                TargetProcess target;
                try {
                    target = TargetProcess.of(pid);
                } catch (CommandFailure gone) {
                    continue;
                }
                out.printf(Locale.ROOT, "%-8d %-11s %s%n", pid, target.agentRunning() ? "running" : "-",
                        vm.displayName());
            }
        }
    }
}
