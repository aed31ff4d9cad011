package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.residency.ThreadCpu;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one background thread, a daemon: every scan, discovery and publishing task runs
 * on it, so scans never overlap and the application's start-up waits for none of them. Tasks
 * are contained: what they throw is said in one line and never ends the thread or reaches the
 * application. The thread is known by reference, not by name. Every task's CPU is charged to the
 * agent's {@link CpuBudget}.
 */
final class ScanThread {
    private final ScheduledExecutorService executor;
    private final CpuBudget budget;
    private volatile Thread thread;

    ScanThread(CpuBudget budget) {
        this.budget = budget;
        this.executor = Executors.newSingleThreadScheduledExecutor(new DaemonThreads());
    }

    /** True on the agent's own thread. */
    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /** True once the agent has stopped. */
    boolean stopped() {
        return executor.isShutdown();
    }

    /** Stops the thread once the task running now, if any, is done; later tasks are refused. */
    void stop() {
        executor.shutdown();
    }

    /** Runs {@code task} on the thread as soon as it is free. */
    void execute(Runnable task) {
        executor.execute(contained(task));
    }

    /** Runs {@code task} once on the thread after {@code delay}. */
    void after(Duration delay, Runnable task) {
        executor.schedule(contained(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the thread every {@code period}, starting one period from now. */
    void every(Duration period, Runnable task) {
        long millis = period.toMillis();
        executor.scheduleWithFixedDelay(contained(task), millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues {@code task} for the thread; the caller bounds its own wait on the result.
     *
     * @throws RejectedExecutionException if the thread is stopped
     */
    <T> Future<T> submit(Callable<T> task) {
        return executor.submit(() -> {
            long cpu = budget.counting() ? ThreadCpu.now() : -1;
            try {
                return task.call();
            } finally {
                charge(cpu);
            }
        });
    }

    /** {@code task} contained, once: a task given again and again (the background cycle) is wrapped only the first time. */
    Runnable contained(Runnable task) {
        return task instanceof Contained ? task : new Contained(task);
    }

    /** Charges the CPU used since {@code cpu}, a reading taken where the budget was counting (else -1). */
    private void charge(long cpu) {
        if (cpu >= 0) {
            budget.chargeOwnThread(ThreadCpu.since(cpu));
        }
    }

    /**
     * A task whose failure is said once and never ends the scheduler or reaches the application;
     * a class rather than a lambda, so that {@code premain} bootstraps no lambda.
     */
    private final class Contained implements Runnable {
        private final Runnable task;

        Contained(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            long cpu = budget.counting() ? ThreadCpu.now() : -1;
            try {
                task.run();
            } catch (Throwable t) {
                AgentLog.problemOnce("background task failed (" + t + ")");
            } finally {
                charge(cpu);
            }
        }
    }

    /** The daemon thread, named {@value AgentThread#STARTING_NAME} until the agent runs. */
    private final class DaemonThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, AgentThread.STARTING_NAME);
            t.setDaemon(true);
            thread = t;
            return t;
        }
    }
}
