package io.github.jvmpagemap.residency;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The residency table a person reads: one row per region and (indented) sub-region, sizes in
 * binary units, then the process's VmRSS and the part no region explains.
 */
public final class ResidencyTable {
    static final String HEADER_PREFIX = "jvm-pagemap residency";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String ROW = "%-44s %11s %11s %11s %11s %9s%n";
    private static final String TOTAL = "%-44s %47s%n";

    private ResidencyTable() {
    }

    public static String format(Residency r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s at %s (%s, %s, scan %.1f ms, %d pages)%n", HEADER_PREFIX,
                TIME.format(r.time()), r.collector(), r.method(), r.durationNanos() / 1e6, r.pagesExamined()));
        out.append(String.format(Locale.ROOT, ROW, "Region", "Reserved", "Committed", "Resident", "Swapped",
                "Resident%"));
        for (RegionResidency row : r.regions()) {
            String name = row.isSubRegion() ? "  " + row.subRegion() : row.region();
            out.append(String.format(Locale.ROOT, ROW, name, ByteSizes.format(row.reservedBytes()),
                    ByteSizes.format(row.committedBytes()), ByteSizes.format(row.residentBytes()),
                    ByteSizes.format(row.swappedBytes()), percent(row.residentBytes(), row.committedBytes())));
        }
        out.append(String.format(Locale.ROOT, TOTAL, "Process resident (VmRSS)", ByteSizes.format(r.processResidentBytes())));
        out.append(String.format(Locale.ROOT, TOTAL, "  attributed to regions", ByteSizes.format(r.attributedBytes())));
        if (r.extraViewBytes() > 0) {
            out.append(String.format(Locale.ROOT, TOTAL, "  counted again by extra heap views",
                    ByteSizes.format(r.extraViewBytes())));
        }
        out.append(String.format(Locale.ROOT, TOTAL, "  not attributed", ByteSizes.format(r.unattributedBytes())));
        if (r.extraViewBytes() > 0) {
            out.append("note: the heap is mapped in several views (ZGC multi-mapping); VmRSS counts its pages once per"
                    + " view, the Java Heap row once\n");
        }
        for (String problem : r.problems()) {
            out.append("warning: ").append(problem).append('\n');
        }
        return out.toString();
    }

    private static String percent(long part, long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
