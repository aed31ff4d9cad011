package io.github.jvmpagemap.jvm;

/** Runs a HotSpot diagnostic command (as {@code jcmd} would) and returns its output. */
public interface DiagnosticCommands {

    /**
     * @param command the command and its arguments, for example {@code "VM.metaspace vslist"}
     * @throws DiagnosticCommandException if the JVM has no such command or it failed
     */
    String run(String command);
}
