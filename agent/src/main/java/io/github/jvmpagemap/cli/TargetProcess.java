package io.github.jvmpagemap.cli;

import io.github.jvmpagemap.agent.AgentThread;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A process the command line is asked to work on, checked through {@code /proc} before anything
 * is sent to it: attaching to a process that is not a JVM would send it SIGQUIT, which ends most
 * programs.
 */
final class TargetProcess {
    private final long pid;
    private final Path dir;

    private TargetProcess(long pid, Path dir) {
        this.pid = pid;
        this.dir = dir;
    }

    long pid() {
        return pid;
    }

    /** The process {@code pid} if it exists, belongs to this user (or we are root) and runs a JVM. */
    static TargetProcess of(long pid) throws CommandFailure {
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            int owner = (Integer) Files.getAttribute(dir, "unix:uid");
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (self != 0 && owner != self) {
                throw CommandFailure.failed("process " + pid + " belongs to another user (uid " + owner
                        + "); a JVM accepts attach only from its own user: run this command as that user");
            }
            TargetProcess target = new TargetProcess(pid, dir);
            if (!target.mapsLibJvm(self == 0)) {
                throw CommandFailure.failed("process " + pid + " (" + target.command()
                        + ") is not a Java virtual machine");
            }
            return target;
        } catch (NoSuchFileException e) {
            throw CommandFailure.failed("no such process " + pid);
        } catch (IOException e) {
            throw CommandFailure.failed("cannot inspect process " + pid + " (" + e + ")");
        }
    }

    private boolean mapsLibJvm(boolean root) throws IOException, CommandFailure {
        try {
            return Files.readString(dir.resolve("maps")).contains("/libjvm.so\n");
        } catch (AccessDeniedException e) {
            throw CommandFailure.failed("cannot read the memory maps of process " + pid + " (permission denied"
                    + (root ? " even to root: the kernel's ptrace access check refused it, as it does for a process"
                            + " that is not dumpable or, in a container, without CAP_SYS_PTRACE)"
                            : "); run this command as that process's user"));
        }
    }

    /** The short command name the kernel keeps for the process. */
    String command() {
        try {
            return Files.readString(dir.resolve("comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * True while a thread of the process bears the agent's thread's name as the kernel keeps it
     * ({@link AgentThread#COMM}): HotSpot names each Java thread's native thread.
     */
    boolean agentRunning() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(AgentThread.COMM)) {
                        return true;
                    }
                } catch (IOException e) {
                    // The thread ended while we looked: not the scanner.
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    boolean alive() {
        return Files.isDirectory(dir);
    }
}
