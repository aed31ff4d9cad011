package io.github.jvmpagemap.cli;

import io.github.jvmpagemap.jmx.RegionRows;
import io.github.jvmpagemap.jmx.ResidencyMBeans;
import io.github.jvmpagemap.jmx.StackGroupRows;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import io.github.jvmpagemap.scan.Detail;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;

/**
 * One scan as a JMX client sees it: the {@code jvmpagemap:type=Residency} attributes, read in one
 * call (so they come from the same scan) and put back together as a {@link Residency}.
 *
 * @param residency the scan, or null if the agent has not completed one yet
 * @param scanCount scans since the agent started, or {@link #UNKNOWN_COUNT}
 */
record RemoteResidency(Residency residency, long scanCount) {
    /** The scan count of a scan read from a snapshot file, which does not know it. */
    static final long UNKNOWN_COUNT = -1;

    static final String[] ATTRIBUTES = {"Regions", "ProcessResidentBytes", "HugetlbBytes", "ExtraViewBytes", "LastScanTime",
        "LastScanDurationNanos", "PagesExamined", "ScanCount", "ScanMethod", "Detail", "Collector", "Problems",
        "LayoutDiscoveries", "ThreadStackGroups", "WriteWindowNanos"};
    /** Attributes an agent of an earlier version does not have: -1 where they are missing. */
    static final String[] LATER_ATTRIBUTES = {"ProcessPeakResidentBytes", "EffectiveIntervalNanos"};

    static RemoteResidency read(MBeanServerConnection connection) throws IOException, JMException {
        Map<String, Object> values = new HashMap<>();
        String[] asked = new String[ATTRIBUTES.length + LATER_ATTRIBUTES.length];
        System.arraycopy(ATTRIBUTES, 0, asked, 0, ATTRIBUTES.length);
        System.arraycopy(LATER_ATTRIBUTES, 0, asked, ATTRIBUTES.length, LATER_ATTRIBUTES.length);
        for (Attribute a : connection.getAttributes(ResidencyMBeans.RESIDENCY, asked).asList()) {
            values.put(a.getName(), a.getValue());
        }
        for (String name : ATTRIBUTES) {
            if (!values.containsKey(name)) {
                throw new JMException("the agent's MBean has no attribute " + name + " (a different version?)");
            }
        }
        long scanCount = (Long) values.get("ScanCount");
        long time = (Long) values.get("LastScanTime");
        if (time < 0) {
            return new RemoteResidency(null, scanCount);
        }
        List<RegionResidency> regions = new ArrayList<>();
        for (CompositeData row : (CompositeData[]) values.get("Regions")) {
            regions.add(RegionRows.fromCompositeData(row));
        }
        List<ThreadStackGroup> groups = new ArrayList<>();
        for (CompositeData row : (CompositeData[]) values.get("ThreadStackGroups")) {
            groups.add(StackGroupRows.fromCompositeData(row));
        }
        Residency residency = new Residency(Instant.ofEpochMilli(time), (Long) values.get("LastScanDurationNanos"),
                (String) values.get("ScanMethod"), Detail.valueOf(((String) values.get("Detail")).toUpperCase(Locale.ROOT)),
                (String) values.get("Collector"),
                List.copyOf(regions), (Long) values.get("ProcessResidentBytes"), (Long) values.get("HugetlbBytes"),
                (Long) values.get("ExtraViewBytes"),
                (Long) values.get("PagesExamined"), List.of((String[]) values.get("Problems")),
                (Integer) values.get("LayoutDiscoveries"), List.copyOf(groups), (Long) values.get("WriteWindowNanos"),
                (Long) values.getOrDefault("ProcessPeakResidentBytes", -1L),
                (Long) values.getOrDefault("EffectiveIntervalNanos", -1L));
        return new RemoteResidency(residency, scanCount);
    }
}
