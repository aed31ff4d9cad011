package io.github.jvmpagemap.agent;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The agent's CPU cap ({@code maxCpu}): every piece of the agent's work is charged the CPU it
 * took (on the agent's thread, in JFR's hooks, in JMX calls), and the cap is earned back at its
 * rate (half a percent of a core earns 5 ms of CPU a second). A scan that runs takes the budget
 * below zero; until it is earned back the background scans wait, however short the interval
 * asked for, and requests for a fresh scan get the latest one. So over any stretch of time the
 * agent uses at most the cap's share of it, plus the one scan that ran last.
 *
 * <p>The first minute is not counted: opening the page table, the first scans while their code
 * is interpreted and the JMX and JFR set-up happen once, at the interval asked for.
 */
final class CpuBudget {
    /** How long after the agent starts its work begins to be counted. */
    static final Duration UNCOUNTED_START = Duration.ofMinutes(1);

    private final double cap;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long countedFrom;
    /** CPU nanoseconds available: at most 0 (nothing is saved up), below 0 while a debt is earned back. */
    private long balance;
    private long earnedUntil;
    /** The CPU of the scans and what came with them since the last background scan was planned. */
    private long sinceLastPlan;
    /** The same, for the cycle before the last plan. */
    private long lastCycle;
    private long effectiveNanos;
    /** The agent's thread's CPU time when last reconciled, or -1 before the first time. */
    private long threadCpuReconciled = -1;
    /** What its tasks were charged since then. */
    private long chargedOnThread;
    private boolean stretchedSaid;

    /**
     * @param cap a fraction of one core, 0 for no cap
     * @param interval the interval asked for
     */
    CpuBudget(double cap, Duration interval) {
        this(cap, interval, new NanoTime());
    }

    /** @param clock {@link System#nanoTime()} or a test's clock */
    CpuBudget(double cap, Duration interval, LongSupplier clock) {
        this.cap = cap;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        long now = clock.getAsLong();
        this.countedFrom = now + UNCOUNTED_START.toNanos();
        this.earnedUntil = countedFrom;
        this.effectiveNanos = intervalNanos;
    }

    /** True if work must be measured: a cap is set, and the first minute is over. */
    synchronized boolean counting() {
        return cap > 0 && clock.getAsLong() >= countedFrom;
    }

    /** Counts {@code cpuNanos} of the agent's work. */
    synchronized void charge(long cpuNanos) {
        if (cpuNanos <= 0 || !counting()) {
            return;
        }
        earn();
        balance -= cpuNanos;
        sinceLastPlan += cpuNanos;
    }

    /** Counts {@code cpuNanos} of a task on the agent's own thread. */
    synchronized void chargeOwnThread(long cpuNanos) {
        if (cpuNanos > 0 && counting()) {
            charge(cpuNanos);
            chargedOnThread += cpuNanos;
        }
    }

    /**
     * On the agent's thread, given its whole CPU time: charges what its tasks were not (the
     * executor's own work between them, anything run outside a task), so that what is counted is
     * exactly what the thread used.
     */
    synchronized void reconcile(long threadCpuNanos) {
        if (!counting() || threadCpuNanos < 0) {
            return;
        }
        if (threadCpuReconciled >= 0) {
            charge(threadCpuNanos - threadCpuReconciled - chargedOnThread);
        }
        threadCpuReconciled = threadCpuNanos;
        chargedOnThread = 0;
    }

    /** True while the agent has used more than the cap allows: no scan is taken on request. */
    synchronized boolean spent() {
        if (!counting()) {
            return false;
        }
        earn();
        return balance < 0;
    }

    /**
     * After a background scan and what came with it: how long until the next, the interval asked
     * for or, where the cap needs it, as long as it takes to earn the debt back.
     */
    synchronized Duration nextDelay() {
        long delay = intervalNanos;
        if (counting()) {
            earn();
            delay = Math.max(intervalNanos, (long) Math.ceil(-balance / cap));
        }
        effectiveNanos = delay;
        lastCycle = sinceLastPlan;
        sinceLastPlan = 0;
        return Duration.ofNanos(delay);
    }

    /** The period of the background scans as last planned, in nanoseconds. */
    synchronized long effectiveIntervalNanos() {
        return effectiveNanos;
    }

    /**
     * The line that says, once, that the cap stretched the interval, with what the last cycle
     * cost; null if it has not or was said already.
     */
    synchronized String stretchedOnce() {
        if (stretchedSaid || effectiveNanos <= intervalNanos) {
            return null;
        }
        stretchedSaid = true;
        return String.format(Locale.ROOT, "maxCpu=%s%%: scans take %.1f ms of CPU each, more than the cap"
                + " allows every %d ms; the background scans run every %.1f s instead (the effective interval is"
                + " published with each scan; maxCpu=off lifts the cap)", percent(cap), lastCycle / 1e6,
                intervalNanos / 1_000_000, effectiveNanos / 1e9);
    }

    /** {@code 0.5} for half a percent, as the option spells it. */
    static String percent(double share) {
        return new BigDecimal(share * 100).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** {@link System#nanoTime()}: a class, not a method reference, so that no lambda is bootstrapped early. */
    private static final class NanoTime implements LongSupplier {
        @Override
        public long getAsLong() {
            return System.nanoTime();
        }
    }

    private void earn() {
        long now = clock.getAsLong();
        if (now > earnedUntil) {
            balance = Math.min(0, balance + (long) ((now - earnedUntil) * cap));
            earnedUntil = now;
        }
    }
}
