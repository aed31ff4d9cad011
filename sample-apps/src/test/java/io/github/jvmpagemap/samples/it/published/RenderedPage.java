package io.github.jvmpagemap.samples.it.published;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the residency page shows once Chromium has run its scripts, read from the dumped DOM
 * with a few patterns of the test's own: the table's rows and cells, the bar's parts, each map's
 * totals, the errors the page listed and whether its script got to the end.
 */
public final class RenderedPage {
    private static final Pattern ROW = Pattern.compile(
            "<tr class=\"(?:region|sub)\" data-region=\"([^\"]*)\" data-sub-region=\"([^\"]*)\"><th>([^<]*)</th>(.*?)</tr>");
    private static final Pattern TOTAL = Pattern.compile("<tr class=\"total\" data-total=\"([^\"]*)\">(.*?)</tr>");
    private static final Pattern CELL = Pattern.compile("<td data-key=\"([^\"]*)\" data-value=\"([^\"]*)\">([^<]*)</td>");
    private static final Pattern BAR_PART = Pattern.compile("<li data-name=\"([^\"]*)\" data-bytes=\"(-?\\d+)\">");
    private static final Pattern MAP = Pattern.compile("<p class=\"map-totals\" ([^>]*)>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");
    private static final Pattern ERRORS = Pattern.compile("<ol id=\"page-errors\"[^>]*>(.*?)</ol>", Pattern.DOTALL);

    /** A cell: its figure's key, the exact value it carries and the text it shows. */
    public record Cell(String key, String value, String text) {
    }

    /** A row of the table: region, sub-region (empty for a region) and its cells by key. */
    public record Row(String region, String subRegion, String name, Map<String, Cell> cells) {
    }

    public final String dom;

    public RenderedPage(String dom) {
        this.dom = dom;
    }

    public boolean scriptFinished() {
        return Pattern.compile("<body[^>]* data-rendered=\"true\"").matcher(dom).find();
    }

    /** The errors the page's hook listed (script errors, rejections, console errors). */
    public List<String> errors() {
        Matcher m = ERRORS.matcher(dom);
        if (!m.find()) {
            throw new AssertionError("the page has no error list: " + dom);
        }
        List<String> errors = new ArrayList<>();
        Matcher item = Pattern.compile("<li>(.*?)</li>").matcher(m.group(1));
        while (item.find()) {
            errors.add(text(item.group(1)));
        }
        return errors;
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(dom);
        while (m.find()) {
            rows.add(new Row(text(m.group(1)), text(m.group(2)), text(m.group(3)), cells(m.group(4))));
        }
        return rows;
    }

    /** The totals under the table, by key ({@code processResidentBytes}, ...). */
    public Map<String, Cell> totals() {
        Map<String, Cell> totals = new LinkedHashMap<>();
        Matcher m = TOTAL.matcher(dom);
        while (m.find()) {
            totals.putAll(cells(m.group(2)));
        }
        return totals;
    }

    /** The parts of the VmRSS bar as its legend lists them: name to bytes. */
    public Map<String, Long> barParts() {
        Map<String, Long> parts = new LinkedHashMap<>();
        Matcher m = BAR_PART.matcher(dom);
        while (m.find()) {
            parts.put(text(m.group(1)), Long.parseLong(m.group(2)));
        }
        return parts;
    }

    /** Each map's totals (its attributes without {@code data-}), by region. */
    public Map<String, Map<String, String>> mapTotals() {
        Map<String, Map<String, String>> maps = new LinkedHashMap<>();
        Matcher m = MAP.matcher(dom);
        while (m.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(m.group(1));
            while (a.find()) {
                attributes.put(a.group(1).replaceFirst("^data-", ""), text(a.group(2)));
            }
            maps.put(attributes.get("region"), attributes);
        }
        return maps;
    }

    /** The number of map canvases drawn. */
    public int canvases() {
        return dom.split("<canvas ", -1).length - 1;
    }

    private static Map<String, Cell> cells(String html) {
        Map<String, Cell> cells = new LinkedHashMap<>();
        Matcher c = CELL.matcher(html);
        while (c.find()) {
            cells.put(c.group(1), new Cell(c.group(1), c.group(2), text(c.group(3))));
        }
        return cells;
    }

    /** Serialised text back to characters. */
    private static String text(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }
}
