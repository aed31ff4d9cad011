package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.AgentBeans.RESIDENCY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.AgentBeans;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenMBeanAttributeInfo;

/**
 * The MBeans as a real client sees them: a separate JVM connects the way jconsole does (attach
 * API, local management agent, JMXConnector); the region beans mirror the Regions table; polling
 * never scans more than once per interval. (Their figures against smaps: IdleAppIT.)
 */
class JmxBeansIT {
    static final List<String> REGION_ATTRIBUTES = List.of("ReservedBytes", "CommittedBytes", "ResidentBytes",
            "SwappedBytes", "HugePageBytes", "LargeFolioBytes", "ZeroPageBytes", "SharedBytes", "ProportionalBytes",
            "ResidentPercent");

    @Cases(collectors = Gc.PARALLEL)
    void regionBeansMirrorTheRegionsTableAndPollingNeverScansMoreThanOncePerInterval(Case c, Apps apps)
            throws Exception {
        App app = apps.start(c.app("idle").agent("interval=1h,detail=basic").jvmArgs("-Xmx256m"));
        AgentBeans agent = app.agent().awaitBeans();
        Map<String, Object> picture = agent.attributes(RESIDENCY, "Regions", "ScanCount", "LastScanTime");
        CompositeData[] rows = (CompositeData[]) picture.get("Regions");
        Map<ObjectName, CompositeData> expected = new LinkedHashMap<>();
        for (CompositeData row : rows) {
            String sub = (String) row.get("subRegion");
            expected.put(AgentBeans.name("jvmpagemap:type=Region,name=" + row.get("region")
                    + (sub.isEmpty() ? "" : ",sub=" + sub)), row);
        }
        assertTrue(expected.keySet().stream().anyMatch(n -> "PS Eden Space".equals(n.getKeyProperty("sub"))),
                () -> "Parallel's heap spaces have beans: " + expected.keySet());
        assertEquals(canonical(expected.keySet()),
                canonical(agent.connection().queryNames(AgentBeans.name("jvmpagemap:type=Region,*"), null)));
        for (Map.Entry<ObjectName, CompositeData> e : expected.entrySet()) {
            Map<String, Object> bean = agent.attributes(e.getKey(), REGION_ATTRIBUTES.toArray(String[]::new));
            for (String attribute : REGION_ATTRIBUTES) {
                String item = Character.toLowerCase(attribute.charAt(0)) + attribute.substring(1);
                assertEquals(e.getValue().get(item), bean.get(attribute), e.getKey() + " " + attribute);
            }
            for (MBeanAttributeInfo info : agent.connection().getMBeanInfo(e.getKey()).getAttributes()) {
                assertTrue(info instanceof OpenMBeanAttributeInfo, info.getName() + " is open-typed");
                assertFalse(info.getDescription().isBlank(), info.getName() + " is described");
            }
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(picture.get("LastScanTime"), agent.scanNow(), "scanNow within the interval returns the same scan");
        }
        Map<String, Object> after = agent.attributes(RESIDENCY, "ScanCount", "LastScanTime");
        assertEquals(1L, picture.get("ScanCount"), "only the first scan, with interval=1h");
        assertEquals(picture.get("ScanCount"), after.get("ScanCount"), "reads and scanNow() caused no scan");
        assertEquals(picture.get("LastScanTime"), after.get("LastScanTime"));
    }

    private static Set<String> canonical(Set<ObjectName> names) {
        return names.stream().map(ObjectName::getCanonicalName).collect(Collectors.toCollection(TreeSet::new));
    }
}
