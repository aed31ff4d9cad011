package io.github.jvmpagemap.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;





/**
 * The Prometheus JMX exporter, run as a second agent beside ours with the rules file we ship
 * (docs/prometheus/jvm-pagemap.yaml), publishes every region's and sub-region's resident,
 * swapped and huge-page bytes on its HTTP endpoint: Parallel's spaces and G1's region types alike.
 */
class PrometheusExporterIT {
    static final Path EXPORTER = Path.of(System.getProperty("jvmpagemap.prometheusAgentJar",
            "target/prometheus/jmx_prometheus_javaagent.jar"));
    static final Path RULES = Path.of(System.getProperty("jvmpagemap.prometheusRules",
            "../docs/prometheus/jvm-pagemap.yaml"));
    static final List<String> FIGURES = List.of("jvmpagemap_region_resident_bytes", "jvmpagemap_region_swapped_bytes",
            "jvmpagemap_region_huge_page_bytes");
    /** One sample of the text exposition format: name, labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(?:\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** Parallel's fixed spaces and G1's region types: sub-regions of both kinds. */
    @Cases(collectors = {Gc.PARALLEL, Gc.G1})
    void everyRegionsResidentSwappedAndHugePageBytesAreScraped(Case c, Apps apps) throws Exception {
        int port = freePort();
        String exporter = "-javaagent:" + EXPORTER.toAbsolutePath() + "=127.0.0.1:" + port + ":" + RULES.toAbsolutePath();
        Gc gc = c.gc();
        App app = apps.start(c.app("idle").agent("interval=1s,detail=basic").jvmArgs("-Xmx256m", exporter));
        Layout layout = app.layout();
        List<String> series = new ArrayList<>();
        for (Region region : layout.regions()) {
            series.add("region=" + region.name());
            for (Region sub : region.subRegions()) {
                series.add("region=" + region.name() + ",sub_region=" + sub.name());
            }
        }
        assertTrue(series.contains("region=Java Heap,sub_region=" + (gc == Gc.G1 ? "G1" : "PS") + " Eden Space"),
                series::toString);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        Map<String, Double> samples = new HashMap<>();
        // The beans appear with the agent's first scan; until then the exporter has none of them.
        await().atMost(App.PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    samples.clear();
                    samples.putAll(parse(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body()));
                    return samples.containsKey("jvmpagemap_scans_total");
                });
        List<String> missing = new ArrayList<>();
        for (String figure : FIGURES) {
            for (String s : series) {
                Double value = samples.get(figure + s);
                if (value == null || value < -1) {
                    missing.add(figure + "{" + s + "} = " + value);
                }
            }
        }
        assertEquals(List.of(), missing, () -> "scraped: " + samples.keySet() + "\n" + app.transcript());
        assertTrue(samples.get("jvmpagemap_region_resident_bytesregion=Java Heap") > 0, "the heap is resident");
        assertTrue(samples.get("jvmpagemap_process_resident_bytes") > 0, samples::toString);
        assertTrue(samples.containsKey("jvmpagemap_scans_total"), samples::toString);
        assertTrue(samples.containsKey("jvmpagemap_last_scan_duration_seconds"), samples::toString);
        assertEquals(List.of(), app.stderr().stream().filter(l -> l.contains("Exception") || l.startsWith("\tat "))
                .toList(), app::transcript);
        assertFalse(app.stderr().stream().anyMatch(l -> l.startsWith("jvm-pagemap: cannot register")),
                app::transcript);
    }

    /** Samples by metric name followed by their labels as {@code name=value} joined with commas. */
    static Map<String, Double> parse(String exposition) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            List<String> labels = new ArrayList<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.add(l.group(1) + "=" + l.group(2));
                }
            }
            samples.put(m.group(1) + String.join(",", labels), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
