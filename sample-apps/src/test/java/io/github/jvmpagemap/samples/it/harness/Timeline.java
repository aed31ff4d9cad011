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
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * When each test ran, for finding what a concurrent run waits on: one line per test (start and
 * duration in seconds, result, class and display name with its case) in the file the system
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
        String testClass = plan.getParent(test).flatMap(plan::getParent).map(TestIdentifier::getLegacyReportingName)
                .orElse("");
        String line = String.format("%7.1f\t%6.1f\t%s\t%s\t%s", (began - start) / 1e9, nanos / 1e9, status,
                testClass + " " + plan.getParent(test).map(TestIdentifier::getDisplayName).orElse(""),
                test.getDisplayName());
        synchronized (lines) {
            lines.add(line);
        }
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
