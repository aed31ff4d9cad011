package io.github.jvmpagemap.samples.it.published;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.openmbean.CompositeData;

/**
 * One scan as the agent publishes it to the outside: the JSON of {@code report <pid> --json} or
 * the attributes of the {@code jvmpagemap:type=Residency} MBean, read into one shape. Sizes in
 * bytes, -1 ({@link #UNAVAILABLE}) where the agent did not measure a figure.
 */
public record Report(Instant time, long scanCount, String method, String detail, String collector, long processResident,
        long hugetlb, long attributed, long extraViews, long unattributed, List<Row> rows, List<String> problems,
        List<StackGroup> stackGroups) {
    public static final long UNAVAILABLE = -1;

    /** One of the largest groups of thread stacks: threads named alike, their number and resident bytes. */
    public record StackGroup(String group, long threads, long resident) {
    }

    /** A region ({@code subRegion} empty) or a sub-region. */
    public record Row(String region, String subRegion, long start, long end, long reserved, long committed, long resident,
            long swapped, long hugePage, long largeFolio, long zeroPage, long shared, long proportional,
            long unreadable) {

        public boolean isSubRegion() {
            return !subRegion.isEmpty();
        }

        /** The name as a person reads it: the sub-region's, or the region's. */
        public String name() {
            return isSubRegion() ? subRegion : region;
        }
    }

    /** The output of {@code report <pid> --json}; members it does not know are left alone. */
    @SuppressWarnings("unchecked")
    public static Report fromJson(String json) {
        Map<String, Object> top = (Map<String, Object>) Json.parse(json);
        List<Row> rows = new ArrayList<>();
        for (Object o : (List<Object>) top.get("regions")) {
            Map<String, Object> r = (Map<String, Object>) o;
            rows.add(new Row((String) r.get("region"), r.get("subRegion") == null ? "" : (String) r.get("subRegion"),
                    number(r, "start"), number(r, "end"), number(r, "reservedBytes"), number(r, "committedBytes"),
                    number(r, "residentBytes"), number(r, "swappedBytes"), number(r, "hugePageBytes"),
                    number(r, "largeFolioBytes"), number(r, "zeroPageBytes"), number(r, "sharedBytes"), number(r, "proportionalBytes"),
                    number(r, "unreadableBytes")));
        }
        List<StackGroup> groups = new ArrayList<>();
        for (Object o : (List<Object>) top.get("threadStackGroups")) {
            Map<String, Object> g = (Map<String, Object>) o;
            groups.add(new StackGroup((String) g.get("group"), number(g, "threads"), number(g, "residentBytes")));
        }
        return new Report(Instant.parse((String) top.get("time")), number(top, "scanCount"),
                (String) top.get("method"), (String) top.get("detail"), (String) top.get("collector"),
                number(top, "processResidentBytes"), number(top, "hugetlbBytes"), number(top, "attributedBytes"),
                number(top, "extraViewBytes"), number(top, "unattributedBytes"), rows,
                ((List<Object>) top.get("problems")).stream().map(String.class::cast).toList(), groups);
    }

    /** The Residency bean's attributes, read in one call (so from one scan); items by name. */
    public static Report fromJmx(Map<String, Object> attributes) {
        List<Row> rows = new ArrayList<>();
        long attributed = 0;
        for (CompositeData r : (CompositeData[]) attributes.get("Regions")) {
            Row row = new Row((String) r.get("region"), (String) r.get("subRegion"), (Long) r.get("start"),
                    (Long) r.get("end"), (Long) r.get("reservedBytes"), (Long) r.get("committedBytes"),
                    (Long) r.get("residentBytes"), (Long) r.get("swappedBytes"), (Long) r.get("hugePageBytes"),
                    (Long) r.get("largeFolioBytes"), (Long) r.get("zeroPageBytes"), (Long) r.get("sharedBytes"), (Long) r.get("proportionalBytes"),
                    (Long) r.get("unreadableBytes"));
            rows.add(row);
            attributed += row.isSubRegion() ? 0 : row.resident();
        }
        List<StackGroup> groups = new ArrayList<>();
        for (CompositeData g : (CompositeData[]) attributes.get("ThreadStackGroups")) {
            groups.add(new StackGroup((String) g.get("group"), (Integer) g.get("threads"), (Long) g.get("residentBytes")));
        }
        // The bean publishes no attributed figure: it is what the regions hold.
        return new Report(Instant.ofEpochMilli((Long) attributes.get("LastScanTime")),
                (Long) attributes.get("ScanCount"), (String) attributes.get("ScanMethod"),
                (String) attributes.get("Detail"), (String) attributes.get("Collector"),
                (Long) attributes.get("ProcessResidentBytes"), (Long) attributes.get("HugetlbBytes"), attributed, (Long) attributes.get("ExtraViewBytes"),
                (Long) attributes.get("UnattributedBytes"), rows, List.of((String[]) attributes.get("Problems")), groups);
    }

    /** The Residency bean's attributes {@link #fromJmx} reads. */
    public static final String[] JMX_ATTRIBUTES = {"Regions", "LastScanTime", "ScanCount", "ScanMethod", "Detail",
        "Collector", "ProcessResidentBytes", "HugetlbBytes", "ExtraViewBytes", "UnattributedBytes", "Problems", "ThreadStackGroups"};

    private static long number(Map<String, Object> object, String name) {
        Object value = object.get(name);
        if (!(value instanceof Long n)) {
            throw new AssertionError("no integer " + name + " in the report: " + object);
        }
        return n;
    }

    /** The row of a top-level region. */
    public Row region(String name) {
        return rows.stream().filter(r -> r.region.equals(name) && !r.isSubRegion()).findFirst()
                .orElseThrow(() -> new AssertionError("no row for region " + name + " in " + rows));
    }

    /** The row named {@code name}: a top-level region or a sub-region. */
    public Row row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row named " + name + " in " + rows));
    }

    /** The row of {@code region}'s sub-region {@code subRegion}, or of the region itself if that is empty. */
    public Row row(String region, String subRegion) {
        return rows.stream().filter(r -> r.region.equals(region) && r.subRegion.equals(subRegion)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + region + "/" + subRegion + " in " + rows));
    }

    /** The rows of {@code region}'s sub-regions, in the agent's order. */
    public List<Row> subRegionsOf(String region) {
        return rows.stream().filter(r -> r.region.equals(region) && r.isSubRegion()).toList();
    }
}
