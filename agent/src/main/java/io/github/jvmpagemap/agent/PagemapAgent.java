package io.github.jvmpagemap.agent;

import java.lang.instrument.Instrumentation;
import java.util.Locale;

/**
 * Entry point for {@code -javaagent:} and dynamic attach: parse the options and hand over to the
 * {@link AgentLaunch}, which does everything else on threads of the agent's own, once the
 * application's start-up has settled; {@code premain} loads next to nothing.
 * A bad option or a missing capability gives one line on stderr and the application runs as if
 * no agent were given.
 */
public final class PagemapAgent {
    private static AgentLaunch running;

    private PagemapAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, true);
    }

    /** Loaded into a running JVM: its start-up is over, so the agent does not wait for it to settle. */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, false);
    }

    static synchronized void start(String args, boolean atLaunch) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            if (running != null && !running.stopped()) {
                AgentLog.problem("already running in this JVM; options '" + args + "' ignored");
                return;
            }
            String os = System.getProperty("os.name", "");
            if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
                AgentLog.problem("needs Linux, this is " + os + "; agent not started");
                return;
            }
            AgentLaunch launch = new AgentLaunch(options, atLaunch);
            launch.start();
            running = launch;
        } catch (IllegalArgumentException e) {
            AgentLog.problem(e.getMessage() + "; agent not started");
        } catch (Throwable t) {
            AgentLog.problem("could not start (" + t + "); agent not started");
        }
    }
}
