package io.github.jvmpagemap.cli;

import javax.management.MBeanException;

/** A command that cannot be done: its one-line reason and the exit code to leave with. */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final int exitCode;

    CommandFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CommandFailure failed(String message) {
        return new CommandFailure(message, FAILED);
    }

    static CommandFailure usage(String message) {
        return new CommandFailure(message, USAGE);
    }

    /** The agent could not write a snapshot: its own reason, as the MBean passed it on. */
    static CommandFailure snapshotFailed(long pid, MBeanException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return failed("snapshot of process " + pid + " failed: " + cause.getMessage());
    }

    int exitCode() {
        return exitCode;
    }
}
