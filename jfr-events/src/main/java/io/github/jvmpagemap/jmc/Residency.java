package io.github.jvmpagemap.jmc;

import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.jfr.ResidencyScanEvent;
import io.github.jvmpagemap.rows.RowKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmc.common.item.Attribute;
import org.openjdk.jmc.common.item.IAttribute;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;

/**
 * The agent's events in a recording, read through JMC's item API: one {@link Row} per
 * {@code jvmpagemap.RegionResidency} event and one {@link Scan} per
 * {@code jvmpagemap.ResidencyScan}, each in scan order. A figure the event does not carry, or
 * that the agent could not measure, is -1.
 */
final class Residency {
    static final IAttribute<String> REGION = Attribute.attr("region", "Region", UnitLookup.PLAIN_TEXT);
    static final IAttribute<String> SUB_REGION = Attribute.attr("subRegion", "Sub-Region", UnitLookup.PLAIN_TEXT);
    static final IAttribute<String> KIND = Attribute.attr("kind", "Kind", UnitLookup.PLAIN_TEXT);
    static final IAttribute<IQuantity> COMMITTED = Attribute.attr("committed", "Committed", UnitLookup.MEMORY);
    static final IAttribute<IQuantity> RESIDENT = Attribute.attr("resident", "Resident", UnitLookup.MEMORY);
    static final IAttribute<IQuantity> SWAPPED = Attribute.attr("swapped", "Swapped", UnitLookup.MEMORY);
    static final IAttribute<IQuantity> HUGE_PAGE = Attribute.attr("hugePage", "Huge Page", UnitLookup.MEMORY);
    static final IAttribute<IQuantity> SCAN_TIME = Attribute.attr("scanTime", "Scan Time", UnitLookup.TIMESTAMP);
    static final IAttribute<IQuantity> UNATTRIBUTED = Attribute.attr("unattributed", "Unattributed", UnitLookup.MEMORY);

    /**
     * One row's or sub-row's figures at one scan; {@code subRegion} is empty for the row itself, and
     * {@code kind} is what the top-level row is (told by its name in a recording made before the
     * events carried it).
     */
    record Row(long scanTime, String region, String subRegion, RowKind kind, long committed, long resident,
            long swapped, long hugePage) {
        boolean isRegion(String name) {
            return region.equals(name) && subRegion.isEmpty();
        }
    }

    /** One scan's process-wide figures. */
    record Scan(long scanTime, long unattributed) {
    }

    private final List<Row> rows;
    private final List<Scan> scans;

    private Residency(List<Row> rows, List<Scan> scans) {
        this.rows = rows;
        this.scans = scans;
    }

    static Residency of(IItemCollection items) {
        List<Row> rows = new ArrayList<>();
        for (IItemIterable events : items.apply(ItemFilters.type(RegionResidencyEvent.NAME))) {
            IType<IItem> type = events.getType();
            IMemberAccessor<String, IItem> region = REGION.getAccessor(type);
            IMemberAccessor<String, IItem> subRegion = SUB_REGION.getAccessor(type);
            IMemberAccessor<String, IItem> kind = KIND.getAccessor(type);
            if (region == null || subRegion == null) {
                continue;
            }
            for (IItem e : events) {
                String name = region.getMember(e);
                String sub = subRegion.getMember(e);
                if (name == null || sub == null) {
                    // The agent names every row ("" for a region's own): JDK 17's JFR can lose a pooled string.
                    continue;
                }
                RowKind rowKind = kind == null ? null : RowKind.ofLabel(text(kind, e));
                rows.add(new Row(millis(SCAN_TIME, type, e), name, sub,
                        rowKind == null ? RowKind.ofRow(name) : rowKind, bytes(COMMITTED, type, e),
                        bytes(RESIDENT, type, e), bytes(SWAPPED, type, e), bytes(HUGE_PAGE, type, e)));
            }
        }
        rows.sort(Comparator.comparingLong(Row::scanTime));
        List<Scan> scans = new ArrayList<>();
        for (IItemIterable events : items.apply(ItemFilters.type(ResidencyScanEvent.NAME))) {
            IType<IItem> type = events.getType();
            for (IItem e : events) {
                scans.add(new Scan(millis(SCAN_TIME, type, e), bytes(UNATTRIBUTED, type, e)));
            }
        }
        scans.sort(Comparator.comparingLong(Scan::scanTime));
        return new Residency(List.copyOf(rows), List.copyOf(scans));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The names of the process categories among the rows, in the order they first appear. */
    List<String> processCategories() {
        return rows.stream().filter(r -> r.kind() == RowKind.PROCESS_CATEGORY && r.subRegion().isEmpty())
                .map(Row::region).distinct().toList();
    }

    /** The region's own rows (not its sub-regions'), in scan order. */
    List<Row> region(String name) {
        return rows.stream().filter(r -> r.isRegion(name)).toList();
    }

    /** A sub-region's rows, in scan order. */
    List<Row> subRegion(String region, String subRegion) {
        return rows.stream().filter(r -> r.region.equals(region) && r.subRegion.equals(subRegion)).toList();
    }

    /** The sub-region's row of the same scan as {@code row}, if that scan has one. */
    Optional<Row> subRegionAt(Row row, String subRegion) {
        return rows.stream().filter(r -> r.scanTime == row.scanTime && r.region.equals(row.region)
                && r.subRegion.equals(subRegion)).findFirst();
    }

    List<Scan> scans() {
        return scans;
    }

    static long millis(IAttribute<IQuantity> attribute, IType<IItem> type, IItem item) {
        IMemberAccessor<IQuantity, IItem> accessor = attribute.getAccessor(type);
        IQuantity q = accessor == null ? null : accessor.getMember(item);
        return q == null ? -1 : q.clampedLongValueIn(UnitLookup.EPOCH_MS);
    }

    static long bytes(IAttribute<IQuantity> attribute, IType<IItem> type, IItem item) {
        IMemberAccessor<IQuantity, IItem> accessor = attribute.getAccessor(type);
        IQuantity q = accessor == null ? null : accessor.getMember(item);
        return q == null ? -1 : q.clampedLongValueIn(UnitLookup.BYTE);
    }

    private static String text(IMemberAccessor<String, IItem> accessor, IItem item) {
        String s = accessor.getMember(item);
        return s == null ? "" : s;
    }
}
