package io.github.jvmpagemap.samples.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * When each test ran, for finding what a concurrent run waits on: one line per test (start and
 * duration in seconds, result, class and method, display name: its case) in the file the system
 * property {@code jvmpagemap.timeline} names, written when the run ends. Without it, nothing.
 */
public final class Timeline implements TestExecutionListener {
    private static final String FILE = System.getProperty("jvmpagemap.timeline");

    private final long start = System.nanoTime();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final List<String> lines = new ArrayList<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            started.put(test.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            record(System.nanoTime(), 0, "SKIPPED", test);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Long began = started.remove(test.getUniqueId());
        if (test.isTest() && began != null) {
            record(began, System.nanoTime() - began, result.getStatus().name(), test);
        }
    }

    private void record(long began, long nanos, String status, TestIdentifier test) {
        String line = String.format("%7.1f\t%6.1f\t%s\t%s\t%s", (began - start) / 1e9, nanos / 1e9, status,
                testClass(test), test.getDisplayName());
        synchronized (lines) {
            lines.add(line);
        }
    }

    /** The simple name of the class the test is in, and the method's name where the test is one of its cases. */
    private String testClass(TestIdentifier test) {
        String method = "";
        for (TestIdentifier at = test; at != null; at = plan.getParent(at).orElse(null)) {
            if (at.getSource().orElse(null) instanceof ClassSource source) {
                return source.getJavaClass().getSimpleName() + method;
            }
            if (at != test && at.getSource().orElse(null) instanceof MethodSource source) {
                method = " " + source.getMethodName();
            }
        }
        return "";
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (FILE == null) {
            return;
        }
        try {
            synchronized (lines) {
                lines.sort(null);
                Files.write(Path.of(FILE), lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
