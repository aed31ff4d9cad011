package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.JmxClient.RESIDENCY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.JmxClient;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanAttributeInfo;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The MBeans as a real client sees them: a separate JVM connects the way jconsole does (attach
 * API, local management agent, JMXConnector) and reads figures that agree with the kernel's
 * smaps; the region beans mirror the Regions table; polling never scans more than once per interval.
 */
class JmxBeansIT {
    static final List<String> REGION_ATTRIBUTES = List.of("ReservedBytes", "CommittedBytes", "ResidentBytes",
            "SwappedBytes", "HugePageBytes", "LargeFolioBytes", "ZeroPageBytes", "SharedBytes", "ProportionalBytes", "ResidentPercent");

    static Stream<Arguments> jdksAndCollectors() {
        return ResidencyMatchesSmapsIT.jdksAndCollectors();
    }

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCollectors")
    void figuresReadByAJconsoleStyleClientAgreeWithSmaps(Jdk jdk, Gc gc) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1s,detail=basic", List.of(gc.flag, "-Xmx512m"), "idle");
                JmxClient client = connectWhenReady(app)) {
            // Serving JMX loads classes and compiles code in the app: metaspace may gain a node,
            // and the layout is then found again.
            SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> LayoutOracle.of(jdk, app.pid()),
                    () -> {
                        long scanned = (Long) client.connection.invoke(RESIDENCY, "scanNow", null, null);
                        assertTrue(scanned > 0, "scanNow returns the scan's time");
                        Report report = client.report();
                        assertTrue(report.time().toEpochMilli() >= scanned, "the attributes show that scan or a later one");
                        return report;
                    }, SmapsAgreement::mismatches);
            assertEquals(List.of(), reading.mismatches(), app::transcript);
            assertEquals(ResidencyMatchesSmapsIT.expectedCollector(gc), reading.report().collector());
            assertEquals("pagemap", reading.report().method());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void regionBeansMirrorTheRegionsTableAndPollingNeverScansMoreThanOncePerInterval(Jdk jdk) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1h,detail=basic", List.of("-XX:+UseParallelGC",
                "-Xmx256m"), "idle");
                JmxClient client = connectWhenReady(app)) {
            Map<String, Object> picture = client.attributes(RESIDENCY, "Regions", "ScanCount", "LastScanTime");
            CompositeData[] rows = (CompositeData[]) picture.get("Regions");
            Map<ObjectName, CompositeData> expected = new LinkedHashMap<>();
            for (CompositeData row : rows) {
                String sub = (String) row.get("subRegion");
                expected.put(JmxClient.name("jvmpagemap:type=Region,name=" + row.get("region")
                        + (sub.isEmpty() ? "" : ",sub=" + sub)), row);
            }
            assertTrue(expected.keySet().stream().anyMatch(n -> "PS Eden Space".equals(n.getKeyProperty("sub"))),
                    () -> "Parallel's heap spaces have beans: " + expected.keySet());
            assertEquals(canonical(expected.keySet()),
                    canonical(client.connection.queryNames(JmxClient.name("jvmpagemap:type=Region,*"), null)));
            for (Map.Entry<ObjectName, CompositeData> e : expected.entrySet()) {
                Map<String, Object> bean = client.attributes(e.getKey(), REGION_ATTRIBUTES.toArray(String[]::new));
                for (String attribute : REGION_ATTRIBUTES) {
                    String item = Character.toLowerCase(attribute.charAt(0)) + attribute.substring(1);
                    assertEquals(e.getValue().get(item), bean.get(attribute), e.getKey() + " " + attribute);
                }
                for (MBeanAttributeInfo info : client.connection.getMBeanInfo(e.getKey()).getAttributes()) {
                    assertTrue(info instanceof OpenMBeanAttributeInfo, info.getName() + " is open-typed");
                    assertFalse(info.getDescription().isBlank(), info.getName() + " is described");
                }
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(picture.get("LastScanTime"), client.connection.invoke(RESIDENCY, "scanNow", null, null),
                        "scanNow within the interval returns the same scan");
            }
            Map<String, Object> after = client.attributes(RESIDENCY, "ScanCount", "LastScanTime");
            assertEquals(1L, picture.get("ScanCount"), "only the first scan, with interval=1h");
            assertEquals(picture.get("ScanCount"), after.get("ScanCount"), "reads and scanNow() caused no scan");
            assertEquals(picture.get("LastScanTime"), after.get("LastScanTime"));
        }
    }

    private static JmxClient connectWhenReady(ChildJvm app) throws Exception {
        app.awaitStdout("ready");
        return JmxClient.connect(app.pid()).awaitBeans();
    }

    private static Set<String> canonical(Set<ObjectName> names) {
        return names.stream().map(ObjectName::getCanonicalName).collect(Collectors.toCollection(TreeSet::new));
    }

}
