package io.github.jvmpagemap.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * When the application's start-up has settled, for the agent's set-up and first scan: a short job
 * (a compiler run, a build step, a command-line tool) then ends before the agent does any work
 * it would not need. Settled means the process used less than half a core over the last
 * {@link #QUIET} (its user and system time in {@code /proc/self/stat}); a process that stays
 * busier is waited for at most {@link #LONGEST_WAIT}, or the interval where that is shorter.
 */
final class StartupSettle {
    /** How often the process's CPU is read while waiting. */
    static final Duration POLL = Duration.ofMillis(100);
    /** How long the process must have been quiet. */
    static final Duration QUIET = Duration.ofMillis(200);
    /** The longest wait for a busy start-up. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    /** The kernel's clock ticks per second in /proc (USER_HZ, 100 on every Linux ABI). */
    private static final long TICKS_PER_SECOND = 100;

    private final ScanThread thread;
    private final Path stat;
    private final long deadline;
    private final Runnable then;
    private final long[] ticks = new long[(int) (QUIET.toMillis() / POLL.toMillis()) + 1];
    private int polls;

    private StartupSettle(ScanThread thread, Path stat, Duration longest, Runnable then) {
        this.thread = thread;
        this.stat = stat;
        this.deadline = System.nanoTime() + longest.toNanos();
        this.then = then;
    }

    /** Runs {@code then} on {@code thread} once the process {@code stat} describes has settled, or after {@code longest}. */
    static void then(ScanThread thread, Path stat, Duration longest, Runnable then) {
        StartupSettle settle = new StartupSettle(thread, stat, longest.compareTo(LONGEST_WAIT) < 0 ? longest
                : LONGEST_WAIT, then);
        thread.execute(settle::poll);
    }

    private void poll() {
        long now;
        try {
            now = cpuTicks(Files.readAllBytes(stat));
        } catch (IOException | RuntimeException e) {
            // The process's CPU cannot be read: the longest wait stands in for it.
            now = -1;
        }
        ticks[polls % ticks.length] = now;
        polls++;
        if (now >= 0 && polls >= ticks.length && quiet(now - ticks[polls % ticks.length])
                || System.nanoTime() - deadline >= 0) {
            then.run();
        } else {
            thread.after(POLL, this::poll);
        }
    }

    /** True if {@code ticks} of CPU over {@link #QUIET} are less than half a core. */
    static boolean quiet(long ticks) {
        return ticks >= 0 && ticks * 1000 < TICKS_PER_SECOND * QUIET.toMillis() / 2;
    }

    /** The process's user and system time in clock ticks, fields 14 and 15 of {@code /proc/<pid>/stat}. */
    static long cpuTicks(byte[] stat) {
        // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
        int p = stat.length - 1;
        while (p >= 0 && stat[p] != ')') {
            p--;
        }
        if (p < 0) {
            throw new IllegalArgumentException("no command name in the stat line");
        }
        long total = 0;
        int field = 2;
        for (int i = p + 1; i < stat.length && field < 15; ) {
            while (i < stat.length && stat[i] == ' ') {
                i++;
            }
            field++;
            long value = 0;
            int digits = 0;
            for (; i < stat.length && stat[i] != ' ' && stat[i] != '\n'; i++) {
                if (stat[i] >= '0' && stat[i] <= '9') {
                    value = value * 10 + stat[i] - '0';
                    digits++;
                }
            }
            if (field == 14 || field == 15) {
                if (digits == 0) {
                    throw new IllegalArgumentException("field " + field + " of the stat line is not a number");
                }
                total += value;
            }
        }
        if (field < 15) {
            throw new IllegalArgumentException("the stat line ends before field 15");
        }
        return total;
    }
}
