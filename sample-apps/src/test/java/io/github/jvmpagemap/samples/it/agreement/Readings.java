package io.github.jvmpagemap.samples.it.agreement;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.published.Report;
import java.time.Instant;
import java.util.List;

/**
 * The agent's figures against the kernel's, read again until they agree. An app keeps working a
 * little after it is ready (the JIT compiling what the tests' own connection runs, its compiler
 * threads' malloc arenas, a metaspace node, a collection), so a figure can move between a scan
 * and the kernel's reading; a quiet moment comes within seconds. Each reading takes a scan that
 * began after the last reading (an older one missed what the app did since), and the readings of
 * an app shared by several tests take turns.
 */
public final class Readings {
    /**
     * How many readings a test may take before the figures must have agreed in one of them: a
     * quiet app agrees at the first, a busy one settles within seconds, the more slowly on a
     * loaded machine and while the agent's own code warms up.
     */
    public static final int ATTEMPTS = 30;

    private Readings() {
    }

    /** Where the agent's figures come from: those of a scan that began after {@code after}. */
    public interface Source {
        Report scannedAfter(Instant after) throws Exception;
    }

    /** What a test reads of the kernel for one reading. */
    public interface Kernel<K> {
        K read() throws Exception;
    }

    /**
     * What disagreed in one reading: the agent's figures against the kernel read before and after
     * the scan; none if all agreed.
     */
    public interface Comparison<K> {
        List<String> mismatches(Report report, K before, K after) throws Exception;
    }

    /** The last reading: the agent's figures, the kernel's before and after the scan, and what disagreed. */
    public record Reading<K>(Report report, K before, K after, List<String> mismatches) {
    }

    /** The agent's figures through the app's own JMX connection. */
    public static Source beans(App app) {
        return after -> app.agent().reportOfAScanAfter(after);
    }

    /**
     * The kernel read right before and right after each scan: for a figure the app moves while
     * it runs, which the agent must have read somewhere between the two.
     */
    public static <K> Reading<K> aroundEachScan(App app, Source agent, Kernel<K> kernel, Comparison<K> comparison)
            throws Exception {
        return untilAgreed(app, agent, kernel, true, comparison);
    }

    /**
     * The kernel read right after each scan (typically while the app is stopped); {@code before}
     * is the previous reading's, null at first.
     */
    public static <K> Reading<K> afterEachScan(App app, Source agent, Kernel<K> kernel, Comparison<K> comparison)
            throws Exception {
        return untilAgreed(app, agent, kernel, false, comparison);
    }

    private static <K> Reading<K> untilAgreed(App app, Source agent, Kernel<K> kernel, boolean readBefore,
            Comparison<K> comparison) throws Exception {
        K before = readBefore ? app.exclusively(kernel::read) : null;
        // Only scans from now on count: the first reading must not show a scan from before the call.
        Instant previous = Instant.now();
        Reading<K> reading = null;
        for (int attempt = 0; attempt < ATTEMPTS && (reading == null || !reading.mismatches().isEmpty()); attempt++) {
            Instant since = previous;
            K earlier = before;
            reading = app.exclusively(() -> {
                Report report = agent.scannedAfter(since);
                K after = kernel.read();
                return new Reading<>(report, earlier, after, comparison.mismatches(report, earlier, after));
            });
            previous = Instant.now();
            before = reading.after();
        }
        return reading;
    }
}
