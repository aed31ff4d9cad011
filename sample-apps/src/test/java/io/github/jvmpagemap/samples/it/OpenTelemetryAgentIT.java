package io.github.jvmpagemap.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.OtlpExport;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The OpenTelemetry Java agent, run as a second agent beside ours with the JMX metric insight rules
 * we ship (docs/otel/jvm-pagemap.yaml) and an exporter that prints OTLP JSON, exports every
 * region's and sub-region's figures with the attributes {@code jvm.region} and
 * {@code jvm.subregion}, equal to what {@code report --json} says for the same scan, in two sets
 * of metrics that each count every byte once.
 */
class OpenTelemetryAgentIT {
    static final Path OTEL_AGENT = Path.of(System.getProperty("jvmpagemap.otelAgentJar",
            "target/otel/opentelemetry-javaagent.jar"));
    static final Path RULES = Path.of(System.getProperty("jvmpagemap.otelRules", "../docs/otel/jvm-pagemap.yaml"));
    /** The instrumentation scope of everything the JMX metric insight exports. */
    static final String SCOPE = "io.opentelemetry.jmx";
    static final String REGION = "jvm.region";
    static final String SUBREGION = "jvm.subregion";
    /** The metric of a region's figure is {@code jvm.pagemap.<figure>}, a sub-region's {@code jvm.pagemap.subregion.<figure>}. */
    static final Map<String, ToLongFunction<Report.Row>> FIGURES = figures();

    private static Map<String, ToLongFunction<Report.Row>> figures() {
        Map<String, ToLongFunction<Report.Row>> f = new LinkedHashMap<>();
        f.put("reserved", Report.Row::reserved);
        f.put("committed", Report.Row::committed);
        f.put("resident", Report.Row::resident);
        f.put("swapped", Report.Row::swapped);
        f.put("huge_page", Report.Row::hugePage);
        f.put("large_folio", Report.Row::largeFolio);
        f.put("zero_page", Report.Row::zeroPage);
        f.put("shared", Report.Row::shared);
        f.put("proportional", Report.Row::proportional);
        f.put("unreadable", Report.Row::unreadable);
        return f;
    }

    @Cases(collectors = Gc.G1)
    void heapResidentBytesArriveWithRegionAttributesAndEachByteCountsOnce(Case c, Apps apps) throws Exception {
        // interval=1h: every reading within the hour, the OpenTelemetry agent's and report's, gets
        // the agent's first scan, so both describe the same pages and must agree to the byte
        // (scan.count 1 on both sides says so). A short interval would let the two read scans
        // some allocations apart. The app has nothing for the agent's other instrumentations to
        // instrument: left off, they do not slow its start.
        List<String> otel = List.of("-javaagent:" + OTEL_AGENT.toAbsolutePath(),
                "-Dotel.jmx.config=" + RULES.toAbsolutePath(), "-Dotel.instrumentation.common.default-enabled=false",
                "-Dotel.metrics.exporter=experimental-otlp/stdout", "-Dotel.traces.exporter=none",
                "-Dotel.logs.exporter=none", "-Dotel.metric.export.interval=1000", "-Dotel.jmx.discovery.delay=1000");
        App app = apps.start(c.app("idle").agent("interval=1h,detail=basic").jvmArgs("-Xmx256m").jvmArgs(otel));
        // The agent's own figures, attributed bytes and all, as report --json gives them.
        Report report = CommandLineRun.jsonReport(c.jdk(), app.pid());
        assertEquals(1, report.scanCount(), "one scan an hour: " + report);
        List<Report.Row> regions = report.rows().stream().filter(r -> !r.isSubRegion()).toList();
        List<Report.Row> subRegions = report.rows().stream().filter(Report.Row::isSubRegion).toList();
        assertTrue(subRegions.stream().anyMatch(r -> r.subRegion().equals("G1 Eden Space")), report::toString);

        // The beans are found by a discovery that runs every second or more here, and an export
        // can come while it has registered some of the rules' metrics and not yet others: wait
        // for an export that holds every metric of every region and sub-region.
        AtomicReference<OtlpExport> found = new AtomicReference<>();
        AtomicReference<List<String>> mismatches = new AtomicReference<>(List.of("no export yet"));
        try {
            await().atMost(App.PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<String> exports = app.stdout().stream().filter(OtlpExport::isExport).toList();
                if (exports.isEmpty()) {
                    return false;
                }
                OtlpExport latest = OtlpExport.parse(exports.get(exports.size() - 1), SCOPE);
                found.set(latest);
                mismatches.set(mismatches(report, regions, subRegions, latest));
                return mismatches.get().isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // The last export's disagreements say more than the timeout.
        }
        OtlpExport export = found.get();
        assertEquals(List.of(), mismatches.get(), () -> "report: " + report + "\nexport: " + export);

        OtlpExport.Point heap = point(export.metric("jvm.pagemap.resident"), Map.of(REGION, Region.JAVA_HEAP));
        assertEquals(report.region(Region.JAVA_HEAP).resident(), heap.value().longValue());
        assertTrue(heap.value().longValue() > 0, "the heap is resident");
        point(export.metric("jvm.pagemap.subregion.resident"), Map.of(REGION, Region.JAVA_HEAP, SUBREGION, "G1 Eden Space"));

        // Summing a metric over its attributes counts each byte once: every point of a metric has
        // the same attribute keys (a region's total never sits beside its sub-regions), and the
        // regions' resident bytes add up to what the agent attributes to regions.
        for (OtlpExport.Metric m : export.metrics().values()) {
            Set<Set<String>> keySets = new HashSet<>();
            m.points().forEach(p -> keySets.add(p.attributes().keySet()));
            assertTrue(keySets.size() <= 1, () -> m.name() + " mixes levels: " + m.points());
            assertEquals(m.points().size(), m.points().stream().map(OtlpExport.Point::attributes).distinct().count(),
                    () -> m.name() + " has two points with the same attributes: " + m.points());
        }
        assertEquals(report.attributed(), export.metric("jvm.pagemap.resident").points().stream()
                .mapToLong(p -> p.value().longValue()).sum(), "the regions add up to the attributed bytes");

        OtlpExport.Metric duration = export.metric("jvm.pagemap.scan.duration");
        assertEquals("s", duration.unit());
        assertTrue(duration.points().get(0).value().doubleValue() > 0
                && duration.points().get(0).value().doubleValue() < 60, duration::toString);
        assertFalse(app.stderr().stream().anyMatch(l -> l.contains("SEVERE") || l.contains("ERROR")
                || l.contains("Exception") || l.startsWith("jvm-pagemap: cannot register")), app::transcript);
    }

    /** Every disagreement between {@code report} and an export, for each figure and process figure; empty if none. */
    private static List<String> mismatches(Report report, List<Report.Row> regions, List<Report.Row> subRegions,
            OtlpExport export) {
        List<String> mismatches = new ArrayList<>();
        for (var figure : FIGURES.entrySet()) {
            compare("jvm.pagemap." + figure.getKey(), regions, figure.getValue(), export, mismatches);
            compare("jvm.pagemap.subregion." + figure.getKey(), subRegions, figure.getValue(), export, mismatches);
        }
        compare(export, "jvm.pagemap.process.resident", report.processResident(), mismatches);
        compare(export, "jvm.pagemap.unattributed", report.unattributed(), mismatches);
        compare(export, "jvm.pagemap.extra_view", report.extraViews(), mismatches);
        compare(export, "jvm.pagemap.scan.count", report.scanCount(), mismatches);
        return mismatches;
    }

    /**
     * {@code metric} holds one point per row, with the row's figure, and none for a row whose
     * figure is not measured (-1: the rules drop it); a byte figure is an updowncounter in By.
     */
    private static void compare(String metric, List<Report.Row> rows, ToLongFunction<Report.Row> figure,
            OtlpExport export, List<String> mismatches) {
        Map<Map<String, String>, Long> expected = new TreeMap<>(OpenTelemetryAgentIT::byAttributes);
        for (Report.Row row : rows) {
            if (figure.applyAsLong(row) >= 0) {
                expected.put(attributes(row), figure.applyAsLong(row));
            }
        }
        OtlpExport.Metric m = export.metrics().get(metric);
        Map<Map<String, String>, Long> exported = new TreeMap<>(OpenTelemetryAgentIT::byAttributes);
        if (m != null) {
            m.points().forEach(p -> exported.put(p.attributes(), p.value().longValue()));
            if (!m.unit().equals("By") || !m.kind().equals("sum") || m.monotonic()) {
                mismatches.add(metric + " is " + m.kind() + (m.monotonic() ? " (monotonic)" : "") + " in " + m.unit()
                        + ", not an updowncounter in By");
            }
        }
        if (!expected.equals(exported)) {
            mismatches.add(metric + ": expected " + expected + ", exported " + exported);
        }
    }

    /** A process-wide figure: one point without attributes, or none if not measured. */
    private static void compare(OtlpExport export, String metric, long expected, List<String> mismatches) {
        OtlpExport.Metric m = export.metrics().get(metric);
        List<Long> exported = m == null ? List.of()
                : m.points().stream().map(p -> p.value().longValue()).toList();
        List<Long> wanted = expected >= 0 ? List.of(expected) : List.of();
        if (!wanted.equals(exported) || (m != null && !m.points().get(0).attributes().isEmpty())) {
            mismatches.add(metric + ": expected " + wanted + ", exported " + (m == null ? "nothing" : m.points()));
        }
    }

    private static Map<String, String> attributes(Report.Row row) {
        return row.isSubRegion() ? Map.of(REGION, row.region(), SUBREGION, row.subRegion()) : Map.of(REGION, row.region());
    }

    private static int byAttributes(Map<String, String> a, Map<String, String> b) {
        return new TreeMap<>(a).toString().compareTo(new TreeMap<>(b).toString());
    }

    private static OtlpExport.Point point(OtlpExport.Metric metric, Map<String, String> attributes) {
        return metric.points().stream().filter(p -> p.attributes().equals(attributes)).findFirst()
                .orElseThrow(() -> new AssertionError("no point " + attributes + " in " + metric));
    }
}
