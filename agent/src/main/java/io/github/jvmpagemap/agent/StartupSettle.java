package io.github.jvmpagemap.agent;

import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;

/**
 * Waits until the application's start-up has settled, before the agent sets itself up and takes
 * its first scan: a short job (a compiler run, a build step, a command-line tool) then ends
 * before the agent costs it anything. Settled means the process used less than half a core over
 * the last {@link #QUIET} (its user and system time in {@code /proc/self/stat}); a process that
 * stays busier is waited for at most {@link #LONGEST_WAIT}, or the interval where that is
 * shorter. It reads the file with the classes the JVM has loaded already at start-up.
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

    private StartupSettle() {
    }

    /**
     * Returns once the process whose {@code stat} file this is has settled, or after
     * {@code longest} (at most {@link #LONGEST_WAIT}).
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    static void await(String stat, Duration longest) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(longest.toNanos(), LONGEST_WAIT.toNanos());
        long[] ticks = new long[(int) (QUIET.toMillis() / POLL.toMillis()) + 1];
        for (int polls = 0; System.nanoTime() - deadline < 0; polls++) {
            Thread.sleep(POLL.toMillis());
            long now = read(stat);
            ticks[polls % ticks.length] = now;
            if (now < 0) {
                // The process's CPU cannot be read: the longest wait stands in for it.
                continue;
            }
            long then = ticks[(polls + 1) % ticks.length];
            if (polls + 1 >= ticks.length && then >= 0 && quiet(now - then)) {
                return;
            }
        }
    }

    /** The process's CPU time in clock ticks, or -1 if it cannot be read. */
    private static long read(String stat) {
        try (FileInputStream in = new FileInputStream(stat)) {
            return cpuTicks(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return -1;
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
