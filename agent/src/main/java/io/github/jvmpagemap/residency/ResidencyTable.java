package io.github.jvmpagemap.residency;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The residency table a person reads: one row per region and (indented) sub-region, sizes in
 * binary units, then the process's VmRSS and the part no region explains. Columns carry the
 * figures' own names (HugePage for {@code hugePage}...); HugePage and ZeroPage are always
 * shown, Shared and Proportional with {@code detail=full}. A figure that could not be measured
 * reads {@code n/a}, never 0.
 */
public final class ResidencyTable {
    static final String HEADER_PREFIX = "jvm-pagemap residency";
    static final String UNAVAILABLE = "n/a";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String NAME = "%-38s";
    /** Width of a figure column: enough for "1023.9 MiB" and for its header. */
    private static final int WIDTH = 10;
    /** Totals line up under the Resident column, the third figure. */
    private static final String TOTAL = NAME + "%" + (3 * (WIDTH + 1)) + "s%n";

    private ResidencyTable() {
    }

    public static String format(Residency r) {
        boolean full = r.detail().equals("full");
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s at %s (%s, %s, detail %s, scan %.1f ms, %d pages)%n",
                HEADER_PREFIX, TIME.format(r.time()), r.collector(), r.method(), r.detail(),
                r.durationNanos() / 1e6, r.pagesExamined()));
        out.append(String.format(Locale.ROOT, NAME, "Region"));
        cells(out, "Reserved", "Committed", "Resident", "Swapped", "HugePage", "ZeroPage");
        if (full) {
            cells(out, "Shared");
            out.append("  ").append(String.format(Locale.ROOT, "%" + "Proportional".length() + "s", "Proportional"));
        }
        cells(out, "Resident%").append('\n');
        for (RegionResidency row : r.regions()) {
            out.append(String.format(Locale.ROOT, NAME, row.isSubRegion() ? "  " + row.subRegion() : row.region()));
            cells(out, size(row.reservedBytes()), size(row.committedBytes()), size(row.residentBytes()),
                    size(row.swappedBytes()), size(row.hugePageBytes()), size(row.zeroPageBytes()));
            if (full) {
                cells(out, size(row.sharedBytes()));
                out.append("  ").append(String.format(Locale.ROOT, "%" + "Proportional".length() + "s",
                        size(row.proportionalBytes())));
            }
            cells(out, percent(row.residentBytes(), row.committedBytes())).append('\n');
        }
        out.append(String.format(Locale.ROOT, TOTAL, "Process resident (VmRSS)", size(r.processResidentBytes())));
        out.append(String.format(Locale.ROOT, TOTAL, "  attributed to regions", ByteSizes.format(r.attributedBytes())));
        if (r.extraViewBytes() > 0) {
            out.append(String.format(Locale.ROOT, TOTAL, "  counted again by extra heap views",
                    ByteSizes.format(r.extraViewBytes())));
        }
        out.append(String.format(Locale.ROOT, TOTAL, "  not attributed",
                r.processResidentBytes() < 0 ? UNAVAILABLE : ByteSizes.format(r.unattributedBytes())));
        if (r.extraViewBytes() > 0) {
            out.append("note: the heap is mapped in several views (ZGC multi-mapping); VmRSS counts its pages once per"
                    + " view, the Java Heap row once\n");
        }
        for (String problem : r.problems()) {
            out.append("warning: ").append(problem).append('\n');
        }
        return out.toString();
    }

    private static StringBuilder cells(StringBuilder out, String... cells) {
        for (String cell : cells) {
            out.append(String.format(Locale.ROOT, " %" + WIDTH + "s", cell));
        }
        return out;
    }

    /** A size, or {@code n/a} for a figure that was not measured. */
    private static String size(long bytes) {
        return bytes == RegionResidency.UNAVAILABLE ? UNAVAILABLE : ByteSizes.format(bytes);
    }

    private static String percent(long part, long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
