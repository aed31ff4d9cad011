package io.github.jvmpagemap.view;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The residency table a person reads: one row per JVM region and process category and
 * (indented) sub-row, sizes in binary units, then the process's VmRSS and how the rows reconcile
 * with it. The columns are the {@link Figure figures} that have one; HugePage and ZeroPage are
 * always shown, Shared and Proportional where measured ({@code detail=full}). A figure that could
 * not be measured reads {@code n/a}, never 0. Names the application chose (thread names, NMT's
 * tags, paths in a warning) are shown with their control characters made visible
 * ({@link TerminalText}).
 */
public final class ResidencyTable {
    static final String HEADER_PREFIX = "jvm-pagemap residency";
    static final String UNAVAILABLE = "n/a";
    public static final String VM_RSS = "Process resident (VmRSS)";
    public static final String ATTRIBUTED = "attributed to regions";
    public static final String EXTRA_VIEWS = "counted again by extra heap views";
    public static final String NOT_ATTRIBUTED = "not attributed";
    /** The total of the rows' pages on the shared zero page, which VmRSS leaves out. */
    public static final String ZERO_PAGE = "on the zero page (not in VmRSS)";
    /** The rows' hugetlb pages, which VmRSS leaves out. */
    public static final String HUGETLB = "on hugetlb pages (not in VmRSS)";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String NAME = "%-38s";
    /** Width of a figure column: enough for "1023.9 MiB" and for its header. */
    private static final int WIDTH = 10;
    /** Totals line up under the Resident column, the third figure. */
    private static final String TOTAL = NAME + "%" + (3 * (WIDTH + 1)) + "s%n";

    private ResidencyTable() {
    }

    /** {@code ", write window 1.00 s"} for a scan with written figures, else nothing. */
    static String writeWindow(Residency r) {
        return r.hasWriteWindow() ? String.format(Locale.ROOT, ", write window %.2f s", r.writeWindowNanos() / 1e9)
                : "";
    }

    /** The line beside VmRSS in the table at exit. */
    public static final String VM_HWM = "Process peak resident (VmHWM)";
    /** The header's last words in the table at exit. */
    public static final String AT_EXIT = "at exit";

    public static String format(Residency r) {
        return format(r, false);
    }

    /**
     * The table; {@code atExit} for the last one the agent prints, which shows each row's peak
     * beside its resident and the process's peak (VmHWM) beside VmRSS.
     */
    public static String format(Residency r, boolean atExit) {
        List<Figure> columns = columns(r);
        if (atExit) {
            columns.add(columns.indexOf(Figure.RESIDENT) + 1, Figure.PEAK_RESIDENT);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s at %s (%s, %s, detail %s, scan %.1f ms, %d pages%s)%n",
                HEADER_PREFIX, TIME.format(r.time()), r.collector(), r.method(), r.detail().label(),
                r.durationNanos() / 1e6, r.pagesExamined(), writeWindow(r) + (atExit ? ", " + AT_EXIT : "")));
        out.append(String.format(Locale.ROOT, NAME, "Region"));
        for (Figure figure : columns) {
            cell(out, figure, figure.column());
        }
        out.append('\n');
        for (RegionResidency row : r.regions()) {
            out.append(String.format(Locale.ROOT, NAME, TerminalText.visible(row.isSubRegion() ? "  " + row.subRegion()
                    : row.region())));
            for (Figure figure : columns) {
                cell(out, figure, text(row, figure));
            }
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, TOTAL, VM_RSS, size(r.processResidentBytes())));
        if (atExit) {
            out.append(String.format(Locale.ROOT, TOTAL, VM_HWM, size(r.processPeakResidentBytes())));
        }
        out.append(String.format(Locale.ROOT, TOTAL, "  " + ATTRIBUTED, ByteSizes.format(r.attributedBytes())));
        if (r.extraViewBytes() > 0) {
            out.append(String.format(Locale.ROOT, TOTAL, "  " + EXTRA_VIEWS,
                    ByteSizes.format(r.extraViewBytes())));
        }
        if (r.zeroPageBytes() > 0) {
            out.append(String.format(Locale.ROOT, TOTAL, "  " + ZERO_PAGE, ByteSizes.format(r.zeroPageBytes())));
        }
        if (r.hugetlbBytes() > 0) {
            out.append(String.format(Locale.ROOT, TOTAL, "  " + HUGETLB, ByteSizes.format(r.hugetlbBytes())));
        }
        out.append(String.format(Locale.ROOT, TOTAL, "  " + NOT_ATTRIBUTED,
                r.processResidentBytes() < 0 ? UNAVAILABLE : ByteSizes.format(r.unattributedBytes())));
        if (r.extraViewBytes() > 0) {
            out.append("note: the heap is mapped in several views (ZGC multi-mapping); VmRSS counts its pages once per"
                    + " view, the Java Heap row once\n");
        }
        if (!r.stackGroups().isEmpty()) {
            out.append(String.format(Locale.ROOT, NAME + " %" + WIDTH + "s %" + WIDTH + "s %" + WIDTH + "s%n",
                    "Largest thread stack groups", "Threads", "Resident", "Swapped"));
            for (ThreadStackGroup g : r.stackGroups()) {
                out.append(String.format(Locale.ROOT, NAME + " %" + WIDTH + "d %" + WIDTH + "s %" + WIDTH + "s%n",
                        "  " + TerminalText.visible(g.group()), g.threads(), ByteSizes.format(g.residentBytes()),
                        ByteSizes.format(g.swappedBytes())));
            }
        }
        for (String problem : r.problems()) {
            out.append("warning: ").append(TerminalText.visible(problem)).append('\n');
        }
        return out.toString();
    }

    /**
     * The figures shown as columns: those with a column, where measured in this scan or always
     * shown ({@link Figure#alwaysInTable()}).
     */
    public static List<Figure> columns(Residency r) {
        List<Figure> columns = new ArrayList<>();
        for (Figure figure : Figure.values()) {
            // The peak is added at exit only, beside the resident.
            if (figure.column() != null && figure != Figure.PEAK_RESIDENT
                    && (figure.alwaysInTable() || measured(r, figure))) {
                columns.add(figure);
            }
        }
        return columns;
    }

    private static boolean measured(Residency r, Figure figure) {
        // An exact window's error is 0 in every row: no column for it.
        return r.regions().stream().anyMatch(row -> row.get(figure) != Figure.UNAVAILABLE
                && (figure != Figure.WRITTEN_ERROR || row.get(figure) > 0));
    }

    /**
     * One cell, right-aligned under its header; a header wider than a figure widens its column.
     * The totals line up under the Resident column, the third: columns added at exit come after it.
     */
    private static void cell(StringBuilder out, Figure figure, String text) {
        int width = Math.max(WIDTH, figure.column().length() + 1);
        out.append(String.format(Locale.ROOT, " %" + width + "s", text));
    }

    /** A row's figure as its cell reads. */
    public static String text(RegionResidency row, Figure figure) {
        return figure.unit() == Figure.Unit.RATIO ? percent(row) : size(row.get(figure));
    }

    /** A size, or {@code n/a} for a figure that was not measured. */
    public static String size(long bytes) {
        return bytes == Figure.UNAVAILABLE ? UNAVAILABLE : ByteSizes.format(bytes);
    }

    private static String percent(RegionResidency row) {
        return row.get(Figure.COMMITTED) <= 0 ? "-"
                : String.format(Locale.ROOT, "%.1f%%", row.residentPercent());
    }
}
