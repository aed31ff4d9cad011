package io.github.jvmpagemap.samples.it.published;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metrics export in OTLP JSON (an {@code ExportMetricsServiceRequest}, one per line as the
 * OpenTelemetry SDK's {@code experimental-otlp/stdout} exporter prints it), read for one
 * instrumentation scope: its metrics by name.
 */
public record OtlpExport(Map<String, Metric> metrics) {
    /** Whether {@code line} is an export at all (the app's own output shares stdout). */
    public static boolean isExport(String line) {
        return line.startsWith("{\"resourceMetrics\"");
    }

    /** A metric: {@code kind} is the OTLP data member ({@code sum}, {@code gauge}, ...). */
    public record Metric(String name, String unit, String kind, boolean monotonic, List<Point> points) {}

    /** A data point: its attributes (string values only: the only kind the rules make) and value. */
    public record Point(Map<String, String> attributes, Number value) {}

    /** The metrics of scope {@code scope} in the export {@code line}; none if the scope is absent. */
    @SuppressWarnings("unchecked")
    public static OtlpExport parse(String line, String scope) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        Map<String, Object> request = (Map<String, Object>) Json.parse(line);
        for (Object rm : (List<Object>) request.get("resourceMetrics")) {
            for (Object sm : (List<Object>) ((Map<String, Object>) rm).get("scopeMetrics")) {
                Map<String, Object> scopeMetrics = (Map<String, Object>) sm;
                if (!scope.equals(((Map<String, Object>) scopeMetrics.get("scope")).get("name"))) {
                    continue;
                }
                for (Object m : (List<Object>) scopeMetrics.get("metrics")) {
                    Metric metric = metric((Map<String, Object>) m);
                    if (metrics.put(metric.name(), metric) != null) {
                        throw new AssertionError("metric " + metric.name() + " twice in one export: " + line);
                    }
                }
            }
        }
        return new OtlpExport(metrics);
    }

    @SuppressWarnings("unchecked")
    private static Metric metric(Map<String, Object> m) {
        String kind = m.containsKey("sum") ? "sum" : m.containsKey("gauge") ? "gauge" : null;
        if (kind == null) {
            throw new AssertionError("neither a sum nor a gauge: " + m);
        }
        Map<String, Object> data = (Map<String, Object>) m.get(kind);
        List<Point> points = ((List<Object>) data.get("dataPoints")).stream()
                .map(p -> point((Map<String, Object>) p)).toList();
        // proto3 JSON leaves out a field at its default: isMonotonic false is absent.
        return new Metric((String) m.get("name"), (String) m.get("unit"), kind,
                Boolean.TRUE.equals(data.get("isMonotonic")), points);
    }

    @SuppressWarnings("unchecked")
    private static Point point(Map<String, Object> p) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Object a : (List<Object>) p.getOrDefault("attributes", List.of())) {
            Map<String, Object> attribute = (Map<String, Object>) a;
            Map<String, Object> value = (Map<String, Object>) attribute.get("value");
            attributes.put((String) attribute.get("key"), (String) value.get("stringValue"));
        }
        // An int64 is a JSON string in OTLP JSON; a double a JSON number.
        Number value = p.containsKey("asInt") ? Long.parseLong((String) p.get("asInt")) : (Number) p.get("asDouble");
        return new Point(attributes, value);
    }

    public Metric metric(String name) {
        Metric m = metrics.get(name);
        if (m == null) {
            throw new AssertionError("no metric " + name + " in the export; metrics: " + metrics.keySet());
        }
        return m;
    }
}
