package io.github.jvmpagemap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanException;

/** {@code snapshot <pid> <file.jfr>}: the agent in that JVM writes a full-fidelity page map to a new file. */
final class SnapshotCommand implements Command {
    private final PrintStream out;
    private final AgentLoader loader;
    private final String osName;

    SnapshotCommand(PrintStream out, AgentLoader loader, String osName) {
        this.out = out;
        this.loader = loader;
        this.osName = osName;
    }

    @Override
    public void run(List<String> args) throws CommandFailure, InterruptedException {
        if (args.size() != 2) {
            throw CommandFailure.usage("usage: snapshot <pid> <file.jfr>");
        }
        Arguments.linuxOnly(osName);
        long pid = Arguments.pid(args.get(0));
        // The target writes the file: a relative path means relative to where this command runs.
        Path file = Path.of(args.get(1)).toAbsolutePath().normalize();
        TargetProcess target = loader.ensureAgent(pid);
        try (AgentConnection agent = AgentConnection.open(target)) {
            agent.firstScan();
            out.println("wrote " + agent.snapshot(file));
        } catch (MBeanException e) {
            throw CommandFailure.snapshotFailed(pid, e);
        } catch (IOException | JMException e) {
            throw CommandFailure.failed("cannot reach the MBeans of process " + pid + " (" + e + ")");
        }
    }
}
