package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The figures of the scan a snapshot's page map comes from, in the same file: one
 * {@code jvmpagemap.SnapshotRegion} event per region and sub-region (every {@link Figure} but the
 * ratios, the row's kind, a top-level row's reserved ranges and a heap split's region size) and
 * one {@code jvmpagemap.SnapshotScan} with the process-wide figures, and one
 * {@code jvmpagemap.SnapshotThreadStackGroup} per group of the largest thread stacks. With them a
 * snapshot file alone gives the table, the JSON and the residency picture of that instant
 * ({@code report <file.jfr>}).
 */
public final class SnapshotFigures {
    public static final String REGION_EVENT_NAME = "jvmpagemap.SnapshotRegion";
    public static final String SCAN_EVENT_NAME = "jvmpagemap.SnapshotScan";
    public static final String STACK_GROUP_EVENT_NAME = "jvmpagemap.SnapshotThreadStackGroup";

    static final JfrEventType REGION = regionType();
    static final JfrEventType SCAN = new JfrEventType(SCAN_EVENT_NAME, "Snapshot Scan",
            "The process-wide figures of the scan this page map comes from", PageMapSnapshot.CATEGORY)
            .field("pid", JfrEventType.ValueType.LONG, "Process Id", null)
            .field("scanTime", JfrEventType.ValueType.LONG, "Scan Time", "When the scan started, in milliseconds"
                    + " since the epoch (1970-01-01 UTC)")
            .field("scanDuration", JfrEventType.ValueType.LONG, "Scan Duration", "How long the scan took, in"
                    + " nanoseconds")
            .field("method", JfrEventType.ValueType.STRING, "Method", "How the page tables were read")
            .field("detail", JfrEventType.ValueType.STRING, "Detail", "basic or full")
            .field("collector", JfrEventType.ValueType.STRING, "Collector", "The garbage collector recognised")
            .field("pagesExamined", JfrEventType.ValueType.LONG, "Pages Examined", "Virtual pages whose state was"
                    + " read")
            .field("processResident", JfrEventType.ValueType.LONG, JfrEventType.Content.BYTES, "Process Resident",
                    "VmRSS; -1 if it could not be read")
            .field("hugetlb", JfrEventType.ValueType.LONG, JfrEventType.Content.BYTES, "Hugetlb Pages",
                    "Resident bytes on hugetlb pages: counted in the rows that hold them, not in VmRSS")
            .field("extraViews", JfrEventType.ValueType.LONG, JfrEventType.Content.BYTES, "Extra Views",
                    "Resident bytes VmRSS counts again for further views of the heap (JDK 17's ZGC)")
            .field("problems", JfrEventType.ValueType.STRING, "Problems", "What the scan could not discover or"
                    + " read, one line each")
            .field("discoveries", JfrEventType.ValueType.LONG, "Layout Discoveries", "How many times the layout"
                    + " had been read from the JVM");

    static final JfrEventType STACK_GROUP = new JfrEventType(STACK_GROUP_EVENT_NAME, "Snapshot Thread Stack Group",
            "One of the largest groups of thread stacks in the scan this page map comes from",
            PageMapSnapshot.CATEGORY)
            .field("group", JfrEventType.ValueType.STRING, "Group", "The threads' name, with the digits it ends with"
                    + " collapsed to #")
            .field("threads", JfrEventType.ValueType.LONG, "Threads", "How many live threads the group has")
            .field("resident", JfrEventType.ValueType.LONG, JfrEventType.Content.BYTES, "Resident",
                    "The group's stack pages in physical memory")
            .field("swapped", JfrEventType.ValueType.LONG, JfrEventType.Content.BYTES, "Swapped",
                    "The group's stack pages in swap");

    private SnapshotFigures() {
    }

    private static JfrEventType regionType() {
        JfrEventType type = new JfrEventType(REGION_EVENT_NAME, "Snapshot Region",
                "One row's or sub-row's figures from the scan this page map comes from", PageMapSnapshot.CATEGORY)
                .field("region", JfrEventType.ValueType.STRING, "Region", null)
                .field("subRegion", JfrEventType.ValueType.STRING, "Sub-Region", "Empty for the region itself")
                .field("kind", JfrEventType.ValueType.STRING, "Kind", "jvm for a JVM region, process for a category"
                        + " of the rest of the process")
                .field("ranges", JfrEventType.ValueType.STRING, "Reserved Ranges", "A top-level row's reserved"
                        + " address ranges, start-end in hexadecimal separated by spaces; empty for a sub-region")
                .field("heapRegionSize", JfrEventType.ValueType.LONG, JfrEventType.Content.BYTES, "Heap Region Size",
                        "The collector's region size for a heap split by region type, else 0");
        for (Figure figure : Figure.MEASURED) {
            type.field(figure.id(), JfrEventType.ValueType.LONG, figure.unit() == Figure.Unit.ADDRESS
                    ? JfrEventType.Content.ADDRESS : JfrEventType.Content.BYTES, figure.label(), figure.describedForJfr());
        }
        return type;
    }

    /** Writes the figures of {@code scan}, whose layout is {@code layout}, from process {@code pid}. */
    static void write(JfrChunkWriter file, Residency scan, RegionLayout layout, long pid) throws IOException {
        file.begin(SCAN).putLong(pid).putLong(scan.time().toEpochMilli()).putLong(scan.durationNanos())
                .putString(scan.method()).putString(scan.detail().label()).putString(scan.collector())
                .putLong(scan.pagesExamined()).putLong(scan.processResidentBytes()).putLong(scan.hugetlbBytes())
                .putLong(scan.extraViewBytes())
                .putString(String.join("\n", scan.problems())).putLong(scan.discoveries());
        file.end();
        for (RegionResidency row : scan.regions()) {
            Region region = find(layout.regions(), row.region());
            JfrChunkWriter.Values values = file.begin(REGION).putString(row.region())
                    .putString(row.isSubRegion() ? row.subRegion() : "").putString(row.kind().label())
                    .putString(row.isSubRegion() || region == null ? "" : ranges(region.ranges()))
                    .putLong(heapRegionSize(region, row));
            for (Figure figure : Figure.MEASURED) {
                values.putLong(row.get(figure));
            }
            file.end();
        }
        for (ThreadStackGroup g : scan.stackGroups()) {
            file.begin(STACK_GROUP).putString(g.group()).putLong(g.threads()).putLong(g.residentBytes())
                    .putLong(g.swappedBytes());
            file.end();
        }
    }

    private static long heapRegionSize(Region region, RegionResidency row) {
        if (region == null) {
            return 0;
        }
        List<Region> subs = region.subRegions();
        if (row.isSubRegion()) {
            Region sub = find(subs, row.subRegion());
            return sub == null ? 0 : sub.heapRegionSize();
        }
        return subs.isEmpty() ? 0 : subs.get(0).heapRegionSize();
    }

    private static Region find(List<Region> regions, String name) {
        for (Region r : regions) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    static String ranges(List<AddressRange> ranges) {
        StringJoiner out = new StringJoiner(" ");
        for (AddressRange r : ranges) {
            out.add(String.format(Locale.ROOT, "%x-%x", r.start(), r.end()));
        }
        return out.toString();
    }
}
