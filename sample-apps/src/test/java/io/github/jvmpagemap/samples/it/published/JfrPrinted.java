package io.github.jvmpagemap.samples.it.published;

import io.github.jvmpagemap.samples.it.harness.Command;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the JDK's own {@code jfr print --json} reads of recordings: the agent's events grouped into
 * scans by their {@code scanTime} (a scan's rows, its scan event, its thread-stack groups; a scan
 * emitted twice counted once), the collections and the agent's messages. The JDK's parser, read
 * with the tests' own JSON reader: the oracle for {@code report <recording> --json}.
 */
public final class JfrPrinted {
    /** One scan: its process-wide event (null if the recording lacks it), rows by region and sub-region, groups by name. */
    public record Scan(Instant time, Map<String, Object> event, Map<String, Map<String, Object>> rows,
            Map<String, Map<String, Object>> groups) {
        /**
         * False if the rows of the recording do not add up to the attributed bytes its scan event
         * says: some of its rows are missing, as where the JVM was killed while writing them.
         */
        public boolean whole() {
            long attributed = rows.values().stream().filter(r -> r.get("subRegion") == null
                    || "".equals(r.get("subRegion"))).mapToLong(r -> number(r, "resident")).sum();
            return event == null || number(event, "attributed") == attributed;
        }
    }

    public final Map<Instant, Scan> scans = new TreeMap<>();
    public final List<Map<String, Object>> collections = new ArrayList<>();
    public final List<Map<String, Object>> messages = new ArrayList<>();

    /** The key of a row: its region and its sub-region ("" for the region itself). */
    public static String key(String region, String subRegion) {
        return region + " / " + (subRegion == null ? "" : subRegion);
    }

    /** Runs {@code jfr print --json} of {@code jdk} on each file and reads what it printed. */
    public static JfrPrinted of(Jdk jdk, List<Path> files) {
        JfrPrinted printed = new JfrPrinted();
        for (Path file : files) {
            printed.read(print(jdk, file));
        }
        return printed;
    }

    private static String print(Jdk jdk, Path file) {
        return Command.output(jdk.home().resolve("bin/jfr").toString(), "print", "--json", "--events",
                "jvmpagemap.RegionResidency,jvmpagemap.ResidencyScan,jvmpagemap.ThreadStackGroup,jvmpagemap.Message,"
                        + "jdk.GarbageCollection", file.toString());
    }

    @SuppressWarnings("unchecked")
    private void read(String json) {
        Map<String, Object> recording = (Map<String, Object>) ((Map<String, Object>) Json.parse(json)).get("recording");
        for (Object o : (List<Object>) recording.get("events")) {
            Map<String, Object> event = (Map<String, Object>) o;
            Map<String, Object> v = (Map<String, Object>) event.get("values");
            switch ((String) event.get("type")) {
                case "jvmpagemap.RegionResidency" -> scan(v).rows.putIfAbsent(
                        key((String) v.get("region"), (String) v.get("subRegion")), v);
                case "jvmpagemap.ResidencyScan" -> {
                    Scan s = scan(v);
                    if (s.event == null) {
                        scans.put(s.time, new Scan(s.time, v, s.rows, s.groups));
                    }
                }
                case "jvmpagemap.ThreadStackGroup" -> scan(v).groups.putIfAbsent((String) v.get("group"), v);
                case "jvmpagemap.Message" -> messages.add(v);
                case "jdk.GarbageCollection" -> collections.add(v);
                default -> throw new AssertionError("not asked for: " + event.get("type"));
            }
        }
        collections.sort((a, b) -> instant(a.get("startTime")).compareTo(instant(b.get("startTime"))));
        messages.sort((a, b) -> instant(a.get("startTime")).compareTo(instant(b.get("startTime"))));
    }

    private Scan scan(Map<String, Object> values) {
        Instant time = instant(values.get("scanTime"));
        return scans.computeIfAbsent(time, t -> new Scan(t, null, new LinkedHashMap<>(), new LinkedHashMap<>()));
    }

    public static Instant instant(Object printed) {
        return Instant.parse((String) printed);
    }

    /** A duration as {@code jfr print --json} writes it (ISO-8601, {@code PT0.0123S}), in nanoseconds. */
    public static long nanos(Object printed) {
        return Duration.parse((String) printed).toNanos();
    }

    public static long number(Map<String, Object> values, String name) {
        Object v = values.get(name);
        if (!(v instanceof Number n)) {
            throw new AssertionError("no number " + name + " in " + values);
        }
        return n.longValue();
    }
}
