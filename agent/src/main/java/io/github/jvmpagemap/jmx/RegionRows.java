package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.RegionResidency;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * A region's or sub-region's figures as open data: one row of the {@code Regions} attribute.
 * Open types only, so any JMX client (jconsole, a script, another JDK) reads them without our
 * classes. Item names are the figures' names of INTERFACE.md in lower camel case.
 */
public final class RegionRows {
    private static final List<Item> ITEMS = List.of(
            new Item("region", "the top-level region (Java Heap, Metaspace, ...)", SimpleType.STRING),
            new Item("subRegion", "the sub-region's name, empty for the region itself", SimpleType.STRING),
            new Item("start", "lowest reserved virtual address", SimpleType.LONG),
            new Item("end", "highest reserved virtual address, exclusive", SimpleType.LONG),
            new Item("reservedBytes", "address space reserved, in bytes", SimpleType.LONG),
            new Item("committedBytes", "part of the reservation mapped accessible, in bytes", SimpleType.LONG),
            new Item("residentBytes", "committed bytes in physical memory, each page counted once", SimpleType.LONG),
            new Item("swappedBytes", "committed bytes in swap", SimpleType.LONG),
            new Item("hugePageBytes", "resident bytes backed by huge pages; -1 if not measured", SimpleType.LONG),
            new Item("zeroPageBytes", "bytes mapped to the shared zero page; -1 if not measured", SimpleType.LONG),
            new Item("sharedBytes", "resident bytes mapped by more than one process; -1 if not measured (needs"
                    + " detail=full)", SimpleType.LONG),
            new Item("proportionalBytes", "proportional set size in bytes (each page divided by its map count);"
                    + " -1 if not measured (needs detail=full)", SimpleType.LONG),
            new Item("unreadableBytes", "bytes whose page state could not be read; the figures are short by these",
                    SimpleType.LONG),
            new Item("residentPercent", "resident as a percentage of committed (0 to 100; 0 when nothing is"
                    + " committed)", SimpleType.DOUBLE));

    /** The type of one row. */
    public static final CompositeType TYPE = compositeType();

    private RegionRows() {
    }

    private record Item(String name, String description, OpenType<?> type) {
    }

    private static CompositeType compositeType() {
        try {
            return new CompositeType("io.github.jvmpagemap.RegionResidency",
                    "one region or sub-region: its address range and figures",
                    ITEMS.stream().map(Item::name).toArray(String[]::new),
                    ITEMS.stream().map(Item::description).toArray(String[]::new),
                    ITEMS.stream().map(Item::type).toArray(OpenType<?>[]::new));
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static CompositeData toCompositeData(RegionResidency r) {
        try {
            return new CompositeDataSupport(TYPE, ITEMS.stream().map(Item::name).toArray(String[]::new),
                    new Object[] {r.region(), r.isSubRegion() ? r.subRegion() : "", r.start(), r.end(),
                            r.reservedBytes(), r.committedBytes(), r.residentBytes(), r.swappedBytes(),
                            r.hugePageBytes(), r.zeroPageBytes(), r.sharedBytes(), r.proportionalBytes(),
                            r.unreadableBytes(), percent(r)});
        } catch (OpenDataException e) {
            // The values are built from TYPE's own item types: this cannot happen.
            throw new IllegalStateException(e);
        }
    }

    /** Reads back a row written by {@link #toCompositeData}, as a client of the MBean does. */
    public static RegionResidency fromCompositeData(CompositeData row) {
        String sub = (String) row.get("subRegion");
        return new RegionResidency((String) row.get("region"), sub == null || sub.isEmpty() ? null : sub,
                (Long) row.get("start"), (Long) row.get("end"), (Long) row.get("reservedBytes"),
                (Long) row.get("committedBytes"), (Long) row.get("residentBytes"), (Long) row.get("swappedBytes"),
                (Long) row.get("hugePageBytes"), (Long) row.get("zeroPageBytes"), (Long) row.get("sharedBytes"),
                (Long) row.get("proportionalBytes"), (Long) row.get("unreadableBytes"));
    }

    static double percent(RegionResidency r) {
        return 100 * r.residentFraction();
    }
}
