package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.proc.ProcFiles;
import java.lang.instrument.Instrumentation;
import java.util.Locale;

/**
 * Entry point for {@code -javaagent:} and dynamic attach: parse the options and hand over to the
 * {@link AgentAssembly}, which does everything else on the agent's own thread, off the
 * application's start-up path.
 * A bad option or a missing capability gives one line on stderr and the application runs as if
 * no agent were given.
 */
public final class PagemapAgent {
    private static ScanThread running;

    private PagemapAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args);
    }

    static synchronized void start(String args) {
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
            running = AgentAssembly.start(options, ProcFiles.self(), new Publishers(options));
        } catch (IllegalArgumentException e) {
            AgentLog.problem(e.getMessage() + "; agent not started");
        } catch (Throwable t) {
            AgentLog.problem("could not start (" + t + "); agent not started");
        }
    }
}
