package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.scan.Capability;
import java.util.List;

/**
 * Every figure published per region and sub-region, defined once: its name, its label, what it
 * means, its unit and the capability that measures it. The table, JSON, JMX and JFR publishers
 * (and the rules shipped for monitoring systems) are driven by this list; JFR needs its fields
 * declared in the event class, so {@code RegionResidencyEvent} declares one field per figure,
 * with this name, label, description and unit, and a test holds the two together.
 *
 * <p>Units follow each ecosystem's convention: bytes everywhere for sizes; a ratio is a 0-1
 * fraction in JFR ({@code @Percentage}) and a percentage 0-100 in JMX, JSON and the table. A
 * figure that cannot be measured in this process is {@link #UNAVAILABLE} (-1), shown as
 * {@code n/a}, never 0.
 */
public enum Figure {
    START("start", "Start", "Lowest reserved address", Unit.ADDRESS, null, null),
    END("end", "End", "Highest reserved address, exclusive", Unit.ADDRESS, null, null),
    RESERVED("reserved", "Reserved", "Address space the row owns: what the JVM reserved for a JVM region, the"
            + " mappings of a process category", Unit.BYTES, null, "Reserved"),
    COMMITTED("committed", "Committed", "Part of the address space that is mapped accessible", Unit.BYTES, null,
            "Committed"),
    RESIDENT("resident", "Resident", "Committed pages in physical memory (RAM), each counted once", Unit.BYTES,
            null, "Resident"),
    SWAPPED("swapped", "Swapped", "Committed pages in swap", Unit.BYTES, null, "Swapped"),
    HUGE_PAGE("hugePage", "Huge Page", "Resident bytes backed by transparent or hugetlb huge pages", Unit.BYTES,
            Capability.HUGE_PAGES, "HugePage"),
    LARGE_FOLIO("largeFolio", "Large Folio", "Resident bytes on large folios mapped page by page (multi-size THP,"
            + " large page-cache folios), not on huge pages", Unit.BYTES, Capability.LARGE_FOLIOS, "LargeFolio"),
    ZERO_PAGE("zeroPage", "Zero Page", "Bytes mapped to the kernel's shared zero page", Unit.BYTES,
            Capability.ZERO_PAGES, "ZeroPage"),
    SHARED("shared", "Shared", "Resident bytes mapped more than once, by other processes or other views",
            Unit.BYTES, Capability.SHARING, "Shared"),
    PROPORTIONAL("proportional", "Proportional", "Proportional set size: each resident page divided by the"
            + " number of times it is mapped", Unit.BYTES, Capability.MAP_COUNTS, "Proportional"),
    WRITTEN("written", "Written", "Resident bytes written at least once during the scan's write window, each page"
            + " counted once", Unit.BYTES, Capability.WRITTEN_PAGES, "Written"),
    WRITTEN_ERROR("writtenError", "Written Error", "Standard error of written where the window watched a sample of"
            + " the pages (writtenSample above 1): written is within twice this of the true figure about 19 times in"
            + " 20; 0 where every page was watched", Unit.BYTES, Capability.WRITTEN_PAGES, "Written±"),
    UNTRACKED("untracked", "Untracked", "Resident bytes the write window could not watch (huge pages, memory mapped"
            + " or replaced during the window, memory that could not be registered): neither written nor not",
            Unit.BYTES, Capability.WRITTEN_PAGES, "Untracked"),
    PEAK_RESIDENT("peakResident", "Peak Resident", "The highest resident any scan saw since the agent started or"
            + " its peaks were last reset", Unit.BYTES, null, "Peak"),
    UNREADABLE("unreadable", "Unreadable", "Committed bytes whose page state could not be read; the other"
            + " figures are short by these", Unit.BYTES, null, null),
    RESIDENT_PERCENT("residentPercent", "Resident Share", "Resident as a share of committed (0 when nothing is"
            + " committed)", Unit.RATIO, null, "Resident%");

    /** A figure this process cannot measure: published as such, never as zero. */
    public static final long UNAVAILABLE = -1;

    /** The figures held as numbers of bytes or addresses, that is all but the ratios. */
    public static final List<Figure> MEASURED = List.of(values()).stream().filter(f -> f.unit != Unit.RATIO).toList();

    /** How a figure is expressed. */
    public enum Unit {
        /** A virtual address: JFR {@code @MemoryAddress}. */
        ADDRESS,
        /** A number of bytes: JFR {@code @DataAmount}, JMX and JSON names end in {@code Bytes}. */
        BYTES,
        /** Resident over committed: a 0-1 fraction in JFR, a percentage 0-100 in JMX, JSON and the table. */
        RATIO
    }

    private final String id;
    private final String label;
    private final String description;
    private final Unit unit;
    private final Capability needs;
    private final String column;

    Figure(String id, String label, String description, Unit unit, Capability needs, String column) {
        this.id = id;
        this.label = label;
        this.description = description;
        this.unit = unit;
        this.needs = needs;
        this.column = column;
    }

    /** The figure's name: the JFR field, and the stem of the JSON key and JMX attribute ({@code hugePage}). */
    public String id() {
        return id;
    }

    /** Title Case, as JFR and JMC show it ({@code Huge Page}). */
    public String label() {
        return label;
    }

    /** What the figure means, without its unit (each publisher states the unit its own way). */
    public String description() {
        return description;
    }

    public Unit unit() {
        return unit;
    }

    /** The page-table capability the figure needs, or null if every page table measures it. */
    public Capability needs() {
        return needs;
    }

    /** The table's column header, or null for a figure the table does not show as a column. */
    public String column() {
        return column;
    }

    /** The JSON key and the item of the JMX {@code Regions} rows: {@code hugePageBytes}, {@code start}. */
    public String key() {
        return unit == Unit.BYTES ? id + "Bytes" : id;
    }

    /** The attribute of a region's MBean: {@code HugePageBytes}, {@code ResidentPercent}. */
    public String attribute() {
        String key = key();
        return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    /** Whether a region's MBean has this figure as an attribute: all but the addresses, which nobody charts. */
    public boolean charted() {
        return unit != Unit.ADDRESS;
    }

    /**
     * True if the table shows this figure's column even where it is not measured (as {@code n/a}):
     * the huge and zero pages, which everybody looks for; the sharing and written figures only
     * appear where measured, the peak only in the table printed at exit.
     */
    public boolean alwaysInTable() {
        return column != null && needs != Capability.SHARING && needs != Capability.MAP_COUNTS
                && needs != Capability.WRITTEN_PAGES && this != PEAK_RESIDENT;
    }

    /** What a figure that is not measured needs, as the descriptions say it. */
    private String needsSaid() {
        return switch (needs) {
            case SHARING -> " (method=scan needs detail=full)";
            case MAP_COUNTS -> " (needs detail=full)";
            case LARGE_FOLIOS -> " (needs an explicit detail=full)";
            case WRITTEN_PAGES -> " (needs a write window: the written option, or report --written)";
            default -> "";
        };
    }

    /** The description with the unit and the -1 convention as JMX and JSON state them. */
    public String describedForJmx() {
        String text = description + switch (unit) {
            case ADDRESS -> " (a virtual address)";
            case BYTES -> ", in bytes";
            case RATIO -> ", as a percentage 0 to 100";
        };
        return needs == null ? text : text + "; -1 if not measured" + needsSaid();
    }

    /** The description as the JFR event states it (the unit is the field's content type). */
    public String describedForJfr() {
        String text = unit == Unit.RATIO ? description + ", as a fraction 0 to 1" : description;
        return needs == null ? text : text + "; -1 if not measured" + needsSaid();
    }
}
