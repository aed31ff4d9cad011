package io.github.jvmpagemap.jmx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.residency.Figure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules shipped for the Prometheus JMX exporter turn every figure a region's bean charts into
 * a metric, for regions and sub-regions alike: a new figure fails here until the rules name it.
 */
class PrometheusRulesTest {
    private static final Path RULES = Path.of("..", "docs", "prometheus", "jvm-pagemap.yaml");
    private static final Pattern RULE_PATTERN = Pattern.compile("^\\s*- pattern: '(.*)'\\s*$", Pattern.MULTILINE);

    @Test
    void everyChartedFigureOfRegionsAndSubRegionsBecomesAMetric() throws IOException {
        List<Pattern> patterns = new ArrayList<>();
        Matcher m = RULE_PATTERN.matcher(Files.readString(RULES));
        while (m.find()) {
            patterns.add(Pattern.compile(m.group(1)));
        }
        assertFalse(patterns.isEmpty(), "rules found in " + RULES);
        for (Figure figure : Figure.values()) {
            if (!figure.charted()) {
                continue;
            }
            // As the exporter renders a bean's attribute before matching the rules against it.
            for (String bean : List.of("jvmpagemap<type=Region, name=Java Heap>",
                    "jvmpagemap<type=Region, name=Java Heap, sub=PS Eden Space>",
                    "jvmpagemap<type=Region, name=Java Heap, sub=G1 Eden Space>",
                    "jvmpagemap<type=Region, name=Java Heap, sub=G1 Free>")) {
                String attribute = bean + "<>" + figure.attribute();
                assertTrue(patterns.stream().anyMatch(p -> p.matcher(attribute).matches()),
                        () -> "no rule matches " + attribute);
            }
        }
    }
}
