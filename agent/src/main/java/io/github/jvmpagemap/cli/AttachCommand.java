package io.github.jvmpagemap.cli;

import java.io.PrintStream;
import java.util.List;

/** {@code attach <pid> [options]}: loads the agent into a running JVM, unless it runs there already. */
final class AttachCommand implements Command {
    private final PrintStream out;
    private final AgentLoader loader;
    private final String osName;

    AttachCommand(PrintStream out, AgentLoader loader, String osName) {
        this.out = out;
        this.loader = loader;
        this.osName = osName;
    }

    @Override
    public void run(List<String> args) throws CommandFailure, InterruptedException {
        if (args.isEmpty() || args.size() > 2) {
            throw CommandFailure.usage("usage: attach <pid> [options]");
        }
        Arguments.linuxOnly(osName);
        long pid = Arguments.pid(args.get(0));
        String options = args.size() == 2 ? args.get(1) : "";
        AgentLoader.checkOptions(options);
        TargetProcess target = TargetProcess.of(pid);
        if (target.agentRunning()) {
            out.println("jvm-pagemap is already running in process " + pid
                    + (options.isEmpty() ? "" : "; options '" + options + "' ignored"));
            return;
        }
        loader.load(target, options);
        out.println("jvm-pagemap is running in process " + pid);
    }
}
