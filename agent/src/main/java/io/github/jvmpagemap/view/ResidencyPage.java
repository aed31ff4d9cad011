package io.github.jvmpagemap.view;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
    private static final String CSS = resource("page.css");
    private static final String SCRIPT = resource("page.js");
    /** Runs first: every script error, rejected promise and console error is listed on the page (and seen by tests). */
    private static final String ERROR_HOOK = resource("errors.js");

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
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                        + " style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>jvm-pagemap: ").append(escape(source)).append(" at ").append(TIME.format(r.time()))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n")
                // First of all, so that an error anywhere later is seen on the page (and by tests).
                .append("<script>\n").append(ERROR_HOOK).append("</script>\n")
                .append("</head>\n<body>\n");
        out.append("<h1>jvm-pagemap residency of ").append(escape(source)).append("</h1>\n");
        out.append("<p class=\"meta\">").append(escape(String.format(Locale.ROOT,
                "scan at %s: %s, %s, detail %s, %.1f ms, %d pages", TIME.format(r.time()), r.collector(), r.method(),
                r.detail().label(), r.durationNanos() / 1e6, r.pagesExamined()))).append("</p>\n");
        out.append("<ol id=\"page-errors\" hidden></ol>\n");
        table(out, r);
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
        out.append("<script type=\"application/json\" id=\"scan-json\">").append(inScript(json)).append("</script>\n");
        out.append("<script type=\"application/json\" id=\"map-data\">");
        mapData(out, scan.grids());
        out.append("</script>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void table(StringBuilder out, Residency r) {
        List<Figure> columns = ResidencyTable.columns(r);
        out.append("<table id=\"residency-table\">\n<thead><tr><th>Region</th>");
        for (Figure f : columns) {
            out.append("<th data-key=\"").append(f.key()).append("\">").append(escape(f.column())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (RegionResidency row : r.regions()) {
            out.append("<tr class=\"").append(row.isSubRegion() ? "sub" : "region").append("\" data-region=\"")
                    .append(escape(row.region())).append("\" data-sub-region=\"")
                    .append(row.isSubRegion() ? escape(row.subRegion()) : "").append("\"><th>")
                    .append(escape(row.displayName())).append("</th>");
            for (Figure f : columns) {
                String value = f.unit() == Figure.Unit.RATIO ? String.format(Locale.ROOT, "%.3f", row.residentPercent())
                        : Long.toString(row.get(f));
                out.append("<td data-key=\"").append(f.key()).append("\" data-value=\"").append(value).append("\">")
                        .append(escape(ResidencyTable.text(row, f))).append("</td>");
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
                out.append("<li>warning: ").append(escape(problem)).append("</li>\n");
            }
            out.append("</ul>\n");
        }
    }

    /** A total, under the Resident column like the text table's. */
    private static void total(StringBuilder out, String label, String key, long bytes, List<Figure> columns) {
        int resident = columns.indexOf(Figure.RESIDENT);
        out.append("<tr class=\"total\" data-total=\"").append(key).append("\"><th>").append(escape(label))
                .append("</th>").append("<td></td>".repeat(resident)).append("<td data-key=\"").append(key)
                .append("\" data-value=\"").append(bytes).append("\">")
                .append(escape(ResidencyTable.size(bytes))).append("</td>")
                .append("<td></td>".repeat(columns.size() - resident - 1)).append("</tr>\n");
    }

    private static void mapData(StringBuilder out, List<CellGrid> grids) {
        out.append("{\"unit\":").append(CellGrid.UNIT).append(",\"states\":[");
        List<String> states = CellGrid.stateNames();
        for (int i = 0; i < states.size(); i++) {
            out.append(i == 0 ? "" : ",").append(jsonString(states.get(i)));
        }
        out.append("],\"grids\":[");
        for (int g = 0; g < grids.size(); g++) {
            CellGrid grid = grids.get(g);
            out.append(g == 0 ? "" : ",").append("\n{\"region\":").append(jsonString(grid.region()))
                    .append(",\"cellSize\":").append(grid.cellSize()).append(",\"heapRegionSize\":")
                    .append(grid.heapRegionSize()).append(",\"ranges\":[");
            List<AddressRange> ranges = grid.ranges();
            for (int i = 0; i < ranges.size(); i++) {
                out.append(i == 0 ? "" : ",").append("[\"").append(Long.toHexString(ranges.get(i).start()))
                        .append("\",\"").append(Long.toHexString(ranges.get(i).end())).append("\"]");
            }
            out.append("],\"subRegions\":[");
            for (int i = 0; i < grid.subRegions().size(); i++) {
                out.append(i == 0 ? "" : ",").append(jsonString(grid.subRegions().get(i)));
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
    }

    /** Text for an HTML element or a quoted attribute. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * JSON text made safe inside a {@code <script>} element: outside strings JSON has no
     * {@code <}, {@code >} or {@code &}, inside them their escapes mean the same characters, so no
     * {@code </script>} or comment opener can appear.
     */
    static String inScript(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** A JSON string literal, made safe inside a script element. */
    static String jsonString(String s) {
        return inScript(JsonReport.string(s));
    }

    private static String resource(String name) {
        try (InputStream in = ResidencyPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("this build lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
