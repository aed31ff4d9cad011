package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.proc.ProcFiles;

/**
 * The agent from {@code premain} to its first task: {@code premain} creates this and starts its
 * thread, loading next to nothing; the thread waits until the application's start-up has settled
 * ({@link StartupSettle}; not when attached to a running JVM), puts the agent together ({@link AgentAssembly}) and hands over to the
 * agent's own thread. Two cases put the agent together in {@code premain} instead, at once: a
 * JDK 17-21 that starts a flight recording at launch (the events must be registered first, see
 * {@link JfrAtLaunch}) and {@code print=} (the shutdown hook for the last table must be in place
 * however soon the JVM exits).
 */
final class AgentLaunch implements Runnable {
    private final AgentOptions options;
    private final boolean atLaunch;
    private volatile AgentAssembly assembly;
    private volatile boolean stopped;

    /** @param atLaunch true from {@code premain}: the application's start-up is waited for; false when attached */
    AgentLaunch(AgentOptions options, boolean atLaunch) {
        this.options = options;
        this.atLaunch = atLaunch;
    }

    /** On the thread that runs {@code premain}. */
    void start() {
        if (options.printAtExit() || options.jfr() && JfrAtLaunch.registerInPremain()) {
            assembly = AgentAssembly.create(options, ProcFiles.self());
        }
        Thread t = new Thread(this, AgentThread.STARTING_NAME);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try {
            if (atLaunch) {
                StartupSettle.await(ProcFiles.SELF + "/stat", options.interval());
            }
            if (assembly == null) {
                assembly = AgentAssembly.create(options, ProcFiles.self());
            }
            assembly.start();
        } catch (InterruptedException e) {
            stopped = true;
        } catch (Throwable t) {
            stopped = true;
            AgentLog.problem("could not start (" + t + "); agent not started");
        }
    }

    /** True once the agent has stopped, or failed to start. */
    boolean stopped() {
        AgentAssembly a = assembly;
        return stopped || a != null && a.stopped();
    }
}
