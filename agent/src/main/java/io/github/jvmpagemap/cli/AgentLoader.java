package io.github.jvmpagemap.cli;

import io.github.jvmpagemap.agent.AgentOptions;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Puts the agent into a running JVM (this jar, through the attach API) and waits until its thread
 * runs there; says on stderr what the person who asked should know (JDK 21+'s warning on the
 * target, the agent staying loaded).
 */
final class AgentLoader {
    /**
     * How long the agent's scanner thread gets to show its name once the agent is loaded (agentmain
     * has returned by then: the thread exists now or never will).
     */
    static final Duration AGENT_START = Duration.ofSeconds(5);

    private final PrintStream err;

    AgentLoader(PrintStream err) {
        this.err = err;
    }

    /** The target, with the agent loaded (with default options) if it was not running yet. */
    TargetProcess ensureAgent(long pid) throws CommandFailure, InterruptedException {
        TargetProcess target = TargetProcess.of(pid);
        if (!target.agentRunning()) {
            load(target, "");
            err.println(CommandLine.PREFIX + "note: loaded the agent into process " + pid + "; it stays there");
        }
        return target;
    }

    /** Loads the agent with {@code options}, which must parse, and waits for its thread. */
    void load(TargetProcess target, String options) throws CommandFailure, InterruptedException {
        long pid = target.pid();
        warnOfDynamicLoading(pid, Attach.properties(pid));
        Attach.loadAgent(agentJar(), pid, options);
        long deadline = System.nanoTime() + AGENT_START.toNanos();
        while (!target.agentRunning()) {
            if (!target.alive()) {
                throw CommandFailure.failed("process " + pid + " exited");
            }
            if (System.nanoTime() > deadline) {
                throw CommandFailure.failed("the agent did not start in process " + pid
                        + "; its reason is on that process's stderr");
            }
            Thread.sleep(20);
        }
    }

    /** The options as {@code attach} takes them: a bad one is a usage error here, before anything is sent. */
    static void checkOptions(String options) throws CommandFailure {
        try {
            AgentOptions.parse(options);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }

    /**
     * JDK 21+ prints a warning on the target's stderr when an agent is loaded into it while it
     * runs (JEP 451), unless it was started with -XX:+EnableDynamicAgentLoading. Say so here, where
     * the person who caused it looks.
     */
    private void warnOfDynamicLoading(long pid, Attach.VmProperties target) {
        int feature;
        try {
            feature = Integer.parseInt(target.system().getProperty("java.specification.version", "0"));
        } catch (NumberFormatException e) {
            return;
        }
        // Flags from the command line and JAVA_TOOL_OPTIONS, and those from a flags file.
        String flags = target.agent().getProperty("sun.jvm.args", "") + " "
                + target.agent().getProperty("sun.jvm.flags", "");
        if (feature >= 21 && !flags.contains("+EnableDynamicAgentLoading")) {
            err.println(CommandLine.PREFIX + "note: JDK " + feature + " warns on process " + pid + "'s stderr about"
                    + " an agent loaded at run time; start it with -XX:+EnableDynamicAgentLoading or -javaagent: to"
                    + " avoid it");
        }
    }

    private static Path agentJar() throws CommandFailure {
        try {
            Path jar = Path.of(AgentLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                throw CommandFailure.failed("attach needs the packaged jvm-pagemap-agent.jar; this runs from " + jar);
            }
            return jar;
        } catch (URISyntaxException | RuntimeException e) {
            throw CommandFailure.failed("cannot locate jvm-pagemap-agent.jar (" + e + ")");
        }
    }
}
