package io.github.jvmpagemap.view;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The residency picture: one self-contained HTML page (inline CSS and script, no font, image or
 * request from anywhere: its Content-Security-Policy forbids them) with the table of a scan, a
 * bar of VmRSS by top-level row, and a map of each row's address space in cells coloured by page
 * state. The table is HTML written here, so it reads without scripts; the bar and the maps are
 * drawn by the page's script from the scan's JSON ({@code report --json}) and the cells, both
 * embedded. Every string from the scan is escaped for where it goes.
 */
public final class ResidencyPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String SCRIPT = Html.join(List.of(Html.COMMON, Html.MAPS, Html.resource("page.js")));

    private ResidencyPage() {
    }

    /**
     * The page of {@code scan}, whose {@code report --json} text is {@code json}.
     *
     * @param source what the scan was read from, as the title says it ({@code process 1234})
     */
    public static String format(String source, SnapshotScan scan, String json) {
        Residency r = scan.residency();
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append(Html.head("jvm-pagemap: " + source + " at " + TIME.format(r.time()), SCRIPT));
        out.append("<h1>jvm-pagemap residency of ").append(Html.escape(source)).append("</h1>\n");
        out.append("<p class=\"meta\">").append(Html.escape(String.format(Locale.ROOT,
                "scan at %s: %s, %s, detail %s, %.1f ms, %d pages%s", TIME.format(r.time()), r.collector(), r.method(),
                r.detail().label(), r.durationNanos() / 1e6, r.pagesExamined(), ResidencyTable.writeWindow(r))))
                .append("</p>\n");
        table(out, r);
        if (r.hasWriteWindow()) {
            out.append("<p class=\"window\">Marked cells come from the write window before this scan: <span class=\"")
                    .append(WRITTEN_CLASS).append("\">Written</span>, the resident pages written at least once during")
                    .append(" it; <span class=\"").append(UNTRACKED_CLASS).append("\">Untracked</span>, the resident pages")
                    .append(" it could not watch (huge pages, mapped files, memory mapped or replaced during the window),")
                    .append(" neither written nor not.</p>\n");
        }
        stackGroups(out, r);
        out.append("<h2>VmRSS by row</h2>\n<div id=\"rss-bar\" class=\"bar\"></div>\n")
                .append("<ul id=\"rss-legend\" class=\"swatches\"></ul>\n");
        out.append("<h2>Residency maps</h2>\n<p>Each cell is a heap region for a heap split by region type, else")
                .append(" 2 MiB (larger where a row would need more than ").append(CellGrid.MAX_CELLS)
                .append(" cells). A cell of mixed states is split: stacked bands from the bottom, in the order of")
                .append(" this legend, each as tall as its state's share of the cell. The outline is the")
                .append(" sub-region owning the cell (for G1 its region type); dark where several share it.")
                .append(" Hover over a cell for its address range and counts.</p>\n")
                .append("<ul id=\"state-legend\" class=\"swatches\"></ul>\n<div id=\"maps\"></div>\n")
                .append("<div id=\"tip\" hidden></div>\n");
        out.append(Html.data("scan-json", json));
        out.append(Html.data("map-data", mapData(scan.grids())));
        out.append(Html.script(SCRIPT)).append("</body>\n</html>\n");
        return out.toString();
    }

    /** The classes of the table cells a write window measured. */
    static final String WRITTEN_CLASS = "written";
    static final String UNTRACKED_CLASS = "untracked";

    private static void table(StringBuilder out, Residency r) {
        List<Figure> columns = ResidencyTable.columns(r);
        out.append("<table id=\"residency-table\">\n<thead><tr><th>Region</th>");
        for (Figure f : columns) {
            out.append("<th data-key=\"").append(f.key()).append("\">").append(Html.escape(f.column())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (RegionResidency row : r.regions()) {
            out.append("<tr class=\"").append(row.isSubRegion() ? "sub" : "region").append("\" data-region=\"")
                    .append(Html.escape(row.region())).append("\" data-sub-region=\"")
                    .append(row.isSubRegion() ? Html.escape(row.subRegion()) : "").append("\"><th>")
                    .append(Html.escape(row.displayName())).append("</th>");
            for (Figure f : columns) {
                String value = f.unit() == Figure.Unit.RATIO ? String.format(Locale.ROOT, "%.3f", row.residentPercent())
                        : Long.toString(row.get(f));
                out.append("<td").append(f == Figure.WRITTEN ? " class=\"" + WRITTEN_CLASS + "\""
                        : f == Figure.UNTRACKED ? " class=\"" + UNTRACKED_CLASS + "\"" : "")
                        .append(" data-key=\"").append(f.key()).append("\" data-value=\"").append(value).append("\">")
                        .append(Html.escape(ResidencyTable.text(row, f))).append("</td>");
            }
            out.append("</tr>\n");
        }
        total(out, ResidencyTable.VM_RSS, "processResidentBytes", r.processResidentBytes(), columns);
        total(out, ResidencyTable.ATTRIBUTED, "attributedBytes", r.attributedBytes(), columns);
        if (r.extraViewBytes() > 0) {
            total(out, ResidencyTable.EXTRA_VIEWS, "extraViewBytes", r.extraViewBytes(), columns);
        }
        if (r.zeroPageBytes() > 0) {
            total(out, ResidencyTable.ZERO_PAGE, "zeroPageBytes", r.zeroPageBytes(), columns);
        }
        if (r.hugetlbBytes() > 0) {
            total(out, ResidencyTable.HUGETLB, "hugetlbBytes", r.hugetlbBytes(), columns);
        }
        total(out, ResidencyTable.NOT_ATTRIBUTED, "unattributedBytes", r.unattributedBytes(), columns);
        out.append("</tbody>\n</table>\n");
        if (!r.problems().isEmpty()) {
            out.append("<ul class=\"problems\">\n");
            for (String problem : r.problems()) {
                out.append("<li>warning: ").append(Html.escape(problem)).append("</li>\n");
            }
            out.append("</ul>\n");
        }
    }

    /** The largest groups of thread stacks, as the text table lists them below the rows. */
    private static void stackGroups(StringBuilder out, Residency r) {
        if (r.stackGroups().isEmpty()) {
            return;
        }
        out.append("<h2>Largest thread stack groups</h2>\n<table id=\"stack-groups\">\n<thead><tr><th>Group</th>"
                + "<th>Threads</th><th>Resident</th><th>Swapped</th></tr></thead>\n<tbody>\n");
        for (ThreadStackGroup g : r.stackGroups()) {
            out.append("<tr data-group=\"").append(Html.escape(g.group())).append("\"><th>")
                    .append(Html.escape(g.group())).append("</th><td data-key=\"threads\" data-value=\"")
                    .append(g.threads()).append("\">").append(g.threads()).append("</td><td data-key=\"residentBytes\""
                            + " data-value=\"").append(g.residentBytes()).append("\">")
                    .append(Html.escape(ByteSizes.format(g.residentBytes()))).append("</td><td data-key=\"swappedBytes\""
                            + " data-value=\"").append(g.swappedBytes()).append("\">")
                    .append(Html.escape(ByteSizes.format(g.swappedBytes()))).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    /** A total, under the Resident column like the text table's. */
    private static void total(StringBuilder out, String label, String key, long bytes, List<Figure> columns) {
        int resident = columns.indexOf(Figure.RESIDENT);
        out.append("<tr class=\"total\" data-total=\"").append(key).append("\"><th>").append(Html.escape(label))
                .append("</th>").append("<td></td>".repeat(resident)).append("<td data-key=\"").append(key)
                .append("\" data-value=\"").append(bytes).append("\">")
                .append(Html.escape(ResidencyTable.size(bytes))).append("</td>")
                .append("<td></td>".repeat(columns.size() - resident - 1)).append("</tr>\n");
    }

    /** The cells of the maps, as the script reads them: the page states, then each row's grid. */
    static String mapData(List<CellGrid> grids) {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("{\"unit\":").append(CellGrid.UNIT).append(",\"states\":[");
        List<String> states = CellGrid.stateNames();
        for (int i = 0; i < states.size(); i++) {
            out.append(i == 0 ? "" : ",").append(JsonWriter.string(states.get(i)));
        }
        out.append("],\"grids\":[");
        for (int g = 0; g < grids.size(); g++) {
            CellGrid grid = grids.get(g);
            out.append(g == 0 ? "" : ",").append("\n{\"region\":").append(JsonWriter.string(grid.region()))
                    .append(",\"cellSize\":").append(grid.cellSize()).append(",\"heapRegionSize\":")
                    .append(grid.heapRegionSize()).append(",\"ranges\":[");
            List<AddressRange> ranges = grid.ranges();
            for (int i = 0; i < ranges.size(); i++) {
                out.append(i == 0 ? "" : ",").append("[\"").append(Long.toHexString(ranges.get(i).start()))
                        .append("\",\"").append(Long.toHexString(ranges.get(i).end())).append("\"]");
            }
            out.append("],\"subRegions\":[");
            for (int i = 0; i < grid.subRegions().size(); i++) {
                out.append(i == 0 ? "" : ",").append(JsonWriter.string(grid.subRegions().get(i)));
            }
            out.append("],\"cells\":[");
            for (int c = 0; c < grid.cells(); c++) {
                for (int s = 0; s < CellGrid.STATES; s++) {
                    out.append(c == 0 && s == 0 ? "" : ",").append(grid.count(c, s));
                }
            }
            out.append("],\"owner\":[");
            for (int c = 0; c < grid.cells(); c++) {
                out.append(c == 0 ? "" : ",").append(grid.subRegion(c));
            }
            out.append("]}");
        }
        out.append("]}");
        return out.toString();
    }
}
