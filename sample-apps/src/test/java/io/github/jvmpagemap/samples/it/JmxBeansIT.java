package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.JmxClient.RESIDENCY;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.region.RegionLayout;
import java.time.Duration;
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
    static final String[] PICTURE = {"Regions", "ProcessResidentBytes", "ExtraViewBytes", "UnattributedBytes",
        "LastScanTime", "ScanMethod", "Collector"};
    static final List<String> REGION_ATTRIBUTES = List.of("ReservedBytes", "CommittedBytes", "ResidentBytes",
            "SwappedBytes", "HugePageBytes", "ZeroPageBytes", "SharedBytes", "ProportionalBytes", "ResidentPercent");

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
            List<String> mismatches = List.of();
            Map<String, Object> read = Map.of();
            for (int attempt = 0; attempt < SmapsAgreement.ATTEMPTS; attempt++) {
                // Serving JMX loads classes and compiles code in the app: metaspace may gain a node,
                // so the layout is found again for every try.
                RegionLayout layout = LayoutOracle.of(jdk, app.pid());
                assertTrue(layout.problems().isEmpty(), () -> "the oracle's own layout: " + layout.problems());
                long scanned = (Long) client.connection.invoke(RESIDENCY, "scanNow", null, null);
                assertTrue(scanned > 0, "scanNow returns the scan's time");
                read = client.attributes(RESIDENCY, PICTURE);
                SmapsAgreement.KernelView kernel = app.whileStopped(() -> SmapsAgreement.KernelView.of(app.pid()));
                try {
                    mismatches = mismatches(read, kernel, layout);
                } catch (AssertionError moved) {
                    mismatches = List.of(moved.getMessage());
                }
                if (mismatches.isEmpty()) {
                    break;
                }
                long before = (Long) read.get("LastScanTime");
                await().atMost(ChildJvm.PATIENCE).pollInterval(Duration.ofMillis(100)).until(
                        () -> (Long) client.attributes(RESIDENCY, "LastScanTime").get("LastScanTime") > before);
            }
            assertEquals(List.of(), mismatches, app::transcript);
            assertEquals(ResidencyMatchesSmapsIT.expectedCollector(gc), read.get("Collector"));
            assertEquals("pagemap", read.get("ScanMethod"));
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

    /** Every disagreement between the Residency bean's figures and the kernel's, empty if none. */
    private static List<String> mismatches(Map<String, Object> read, SmapsAgreement.KernelView kernel,
            RegionLayout layout) {
        Map<String, SmapsAgreement.Row> regions = new LinkedHashMap<>();
        long attributed = 0;
        for (CompositeData row : (CompositeData[]) read.get("Regions")) {
            if (((String) row.get("subRegion")).isEmpty()) {
                long resident = (Long) row.get("residentBytes");
                regions.put((String) row.get("region"), new SmapsAgreement.Row((Long) row.get("reservedBytes"),
                        (Long) row.get("committedBytes"), resident, (Long) row.get("swappedBytes")));
                attributed += resident;
            }
        }
        return SmapsAgreement.mismatches(new SmapsAgreement.Figures(regions, (Long) read.get("ProcessResidentBytes"),
                attributed, (Long) read.get("ExtraViewBytes"), (Long) read.get("UnattributedBytes")), kernel, layout);
    }
}
