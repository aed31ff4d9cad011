package io.github.jvmpagemap.view;

import io.github.jvmpagemap.recording.Timeline;
import io.github.jvmpagemap.recording.TimelineSummary;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@code report <recording.jfr> --html}: the run as a self-contained page. Resident memory by row
 * stacked over time with what no row held on top, so that the stack reaches VmRSS at every scan;
 * a row's sub-rows at a click; swapped and huge-page bytes over time; collections, the agent's
 * messages and page-map snapshots marked on the time axis; the table of any scan on hover; each
 * snapshot's residency maps. The summary is HTML written here and reads without script; the charts
 * are drawn by the page's script from the series embedded as data. A recording of more than
 * {@link #MOST_SCANS} scans is reduced, and the page says how.
 */
public final class TimelinePage {
    /** The most scans the page draws: an hour at a scan a second, in under 2 MB. */
    static final int MOST_SCANS = 3600;
    private static final String SCRIPT = Html.join(List.of(Html.COMMON, Html.MAPS, Html.resource("timeline.js")));

    private TimelinePage() {
    }

    /** @param snapshots the page-map snapshots read from the files beside the recording, in time order */
    public static String format(Timeline timeline, TimelineSummary summary, List<SnapshotScan> snapshots) {
        List<Residency> scans = timeline.scans();
        List<Residency> shown = reduced(scans);
        String files = String.join(", ", timeline.files().stream().map(p -> p.getFileName().toString()).toList());
        StringBuilder out = new StringBuilder(256 * 1024 + shown.size() * 256);
        out.append(Html.head("jvm-pagemap: recording " + files, SCRIPT));
        out.append("<h1>jvm-pagemap recording ").append(Html.escape(files))
                .append(timeline.pid() >= 0 ? " of process " + timeline.pid() : "").append("</h1>\n");
        out.append("<p class=\"meta\">").append(Html.escape(span(timeline))).append("</p>\n");
        if (shown.size() < scans.size()) {
            out.append("<p class=\"meta\" id=\"reduction\">").append(Html.escape(String.format(Locale.ROOT,
                    "Reduced to be drawn quickly: %d scans shown of %d; of each %d scans in a row the one with the"
                            + " highest VmRSS, so that no peak is lost. The summary below counts every scan.",
                    shown.size(), scans.size(), step(scans.size())))).append("</p>\n");
        }
        out.append("<h2>Resident memory by row</h2>\n<p>Each row's resident bytes at every scan, stacked, with"
                + " what the JVM's views counted again and what no row held on top: the stack reaches VmRSS (and,"
                + " above it, the zero page and hugetlb pages, which rows count and VmRSS does not). Click a band"
                + " or its name for its sub-rows; hover for the table at that scan, click to keep it.</p>\n")
                .append("<nav id=\"crumbs\"></nav>\n<div id=\"stack\" class=\"chart\"></div>\n")
                .append("<ul id=\"stack-legend\" class=\"swatches\"></ul>\n")
                .append("<p class=\"marks\">Below the time axis: <span class=\"mark-gc\">|</span> a collection,"
                        + " <span class=\"mark-note\">&#9650;</span> a note and <span class=\"mark-problem\">&#9650;"
                        + "</span> a problem the agent said, <span class=\"mark-snapshot\">&#9670;</span> a page-map"
                        + " snapshot (click for its maps).</p>\n")
                .append("<h2>Swapped and huge-page bytes</h2>\n<div id=\"pages\" class=\"chart\"></div>\n")
                .append("<ul id=\"pages-legend\" class=\"swatches\"></ul>\n")
                .append("<h2 id=\"scan-title\">The scan</h2>\n<div id=\"scan-table\"></div>\n");
        summaryHtml(out, timeline, summary);
        snapshotSections(out, snapshots);
        out.append("<div id=\"tip\" hidden></div>\n");
        out.append(Html.data("timeline-data", data(timeline, shown, snapshots)));
        List<String> maps = new ArrayList<>();
        for (SnapshotScan s : snapshots) {
            maps.add(ResidencyPage.mapData(s.grids()));
        }
        out.append(Html.data("snapshot-data", "[" + String.join(",", maps) + "]"));
        out.append(Html.script(SCRIPT)).append("</body>\n</html>\n");
        return out.toString();
    }

    /** At most {@link #MOST_SCANS}: of each {@link #step} scans in a row, the one with the highest VmRSS. */
    static List<Residency> reduced(List<Residency> scans) {
        int step = step(scans.size());
        if (step == 1) {
            return scans;
        }
        List<Residency> shown = new ArrayList<>(scans.size() / step + 1);
        for (int from = 0; from < scans.size(); from += step) {
            Residency highest = scans.get(from);
            for (int i = from + 1; i < Math.min(scans.size(), from + step); i++) {
                if (scans.get(i).processResidentBytes() > highest.processResidentBytes()) {
                    highest = scans.get(i);
                }
            }
            shown.add(highest);
        }
        return shown;
    }

    static int step(int scans) {
        return (scans + MOST_SCANS - 1) / MOST_SCANS;
    }

    private static String span(Timeline timeline) {
        List<Residency> scans = timeline.scans();
        if (scans.isEmpty()) {
            return "no scan of the agent in it";
        }
        Instant from = scans.get(0).time();
        Instant to = scans.get(scans.size() - 1).time();
        Duration interval = timeline.typicalInterval();
        Residency last = scans.get(scans.size() - 1);
        return String.format(Locale.ROOT, "%d scans from %s to %s (%s%s)%s", scans.size(),
                TimelineText.DAY_AND_TIME.format(from), TimelineText.DAY_AND_TIME.format(to),
                TimelineText.duration(Duration.between(from, to)),
                interval == null ? "" : ", a scan every " + TimelineText.duration(interval),
                last.method().isEmpty() ? "" : "; " + last.collector() + ", method " + last.method() + ", detail "
                        + last.detail().label());
    }

    /** The series the script draws, in KiB (every figure it draws is a whole number of them). */
    private static String data(Timeline timeline, List<Residency> shown, List<SnapshotScan> snapshots) {
        StringBuilder out = new StringBuilder(shown.size() * 256);
        JsonWriter json = new JsonWriter(out, false);
        json.beginObject().field("unit", 1024);
        json.name("times").beginInlineArray();
        for (Residency scan : shown) {
            json.value(scan.time().toEpochMilli());
        }
        json.endArray();
        Map<String, RegionResidency> rows = new LinkedHashMap<>();
        for (Residency scan : shown) {
            for (RegionResidency row : scan.regions()) {
                rows.putIfAbsent(key(row), row);
            }
        }
        json.name("rows").beginArray();
        for (Map.Entry<String, RegionResidency> e : rows.entrySet()) {
            RegionResidency row = e.getValue();
            json.beginObject().field("region", row.region()).field("sub", row.subRegion())
                    .field("kind", row.kind().label());
            series(json, "resident", shown, e.getKey(), Figure.RESIDENT, false);
            series(json, "swapped", shown, e.getKey(), Figure.SWAPPED, true);
            series(json, "huge", shown, e.getKey(), Figure.HUGE_PAGE, true);
            series(json, "zero", shown, e.getKey(), Figure.ZERO_PAGE, true);
            json.endObject();
        }
        json.endArray();
        process(json, "vmRss", shown, Residency::processResidentBytes);
        process(json, "hugetlb", shown, Residency::hugetlbBytes);
        process(json, "extraViews", shown, Residency::extraViewBytes);
        process(json, "unattributed", shown, Residency::unattributedBytes);
        json.name("collections").beginArray();
        for (Timeline.Collection c : timeline.collections()) {
            json.beginInlineArray().value(c.time().toEpochMilli()).value(c.name()).value(c.cause())
                    .value(c.longestPause().toNanos() / 1e6, 3).endArray();
        }
        json.endArray();
        json.name("messages").beginArray();
        for (Timeline.Message m : timeline.messages()) {
            json.beginInlineArray().value(m.time().toEpochMilli()).value(m.severity()).value(m.text()).endArray();
        }
        json.endArray();
        json.name("snapshots").beginArray();
        for (SnapshotScan s : snapshots) {
            json.value(s.residency().time().toEpochMilli());
        }
        json.endArray().endObject();
        return out.toString();
    }

    private static String key(RegionResidency row) {
        return row.region() + "\0" + row.subRegion();
    }

    /**
     * A row's figure at each scan shown, in KiB, -1 where the scan has no such row or did not measure
     * it; null instead of the array where it is nowhere above 0 and {@code sparse}.
     */
    private static void series(JsonWriter json, String name, List<Residency> shown, String key, Figure figure,
            boolean sparse) {
        long[] values = new long[shown.size()];
        boolean any = false;
        for (int i = 0; i < shown.size(); i++) {
            values[i] = -1;
            for (RegionResidency row : shown.get(i).regions()) {
                if (key(row).equals(key)) {
                    long bytes = row.get(figure);
                    values[i] = bytes < 0 ? -1 : bytes / 1024;
                    any |= bytes > 0;
                    break;
                }
            }
        }
        json.name(name);
        if (sparse && !any) {
            json.value((String) null);
            return;
        }
        json.beginInlineArray();
        for (long v : values) {
            json.value(v);
        }
        json.endArray();
    }

    /** A process figure at each scan shown, in KiB; null where VmRSS, which it needs, was not read. */
    private static void process(JsonWriter json, String name, List<Residency> shown, ToLongFunction<Residency> value) {
        json.name(name).beginInlineArray();
        for (Residency scan : shown) {
            if (scan.processResidentBytes() < 0) {
                json.value((String) null);
            } else {
                json.value(Math.floorDiv(value.applyAsLong(scan), 1024));
            }
        }
        json.endArray();
    }

    private static void summaryHtml(StringBuilder out, Timeline timeline, TimelineSummary summary) {
        out.append("<h2>Summary</h2>\n<table id=\"summary\">\n<thead><tr><th>Row</th><th>First</th><th>Last</th>"
                + "<th>Lowest</th><th>Highest</th><th>Highest at</th><th>Growth</th></tr></thead>\n<tbody>\n");
        for (TimelineSummary.RowSeries row : summary.rows()) {
            summaryRow(out, row.isSubRegion() ? "sub" : "region", row.isSubRegion() ? row.subRegion() : row.region(),
                    row.resident());
        }
        if (summary.processResident() != null) {
            summaryRow(out, "total", ResidencyTable.VM_RSS, summary.processResident());
            if (summary.hugetlb() != null) {
                summaryRow(out, "total", ResidencyTable.HUGETLB, summary.hugetlb());
            }
            summaryRow(out, "total", ResidencyTable.NOT_ATTRIBUTED, summary.unattributed());
        }
        out.append("</tbody>\n</table>\n");
        out.append("<h2>Collections and the agent's messages</h2>\n<p>");
        if (timeline.collections().isEmpty()) {
            out.append("No collection recorded.");
        } else {
            Timeline.Collection longest = summary.longest();
            out.append(Html.escape(String.format(Locale.ROOT, "%d collections, paused %.1f ms in all; the longest"
                    + " pause %.1f ms (%s, %s) at %s.", timeline.collections().size(), summary.pauses().toNanos() / 1e6,
                    longest.longestPause().toNanos() / 1e6, longest.name(), longest.cause(),
                    TimelineText.TIME.format(longest.time()))));
        }
        out.append("</p>\n<ul id=\"messages\">\n");
        for (Timeline.Message m : timeline.messages()) {
            out.append("<li class=\"").append("problem".equals(m.severity()) ? "problem" : "note").append("\">")
                    .append(Html.escape(TimelineText.TIME.format(m.time()) + " " + m.severity() + ": " + m.text()))
                    .append("</li>\n");
        }
        out.append("</ul>\n");
        for (String problem : timeline.problems()) {
            out.append("<p class=\"problems\">warning: ").append(Html.escape(problem)).append("</p>\n");
        }
    }

    private static void summaryRow(StringBuilder out, String kind, String name, TimelineSummary.Series s) {
        out.append("<tr class=\"").append(kind).append("\"><th>").append(Html.escape(name)).append("</th>");
        for (long v : new long[] {s.first(), s.last(), s.lowest(), s.highest()}) {
            out.append("<td>").append(Html.escape(ByteSizes.format(v))).append("</td>");
        }
        out.append("<td>").append(TimelineText.TIME.format(s.highestAt())).append("</td><td>")
                .append(Html.escape((s.growth() > 0 ? "+" : "") + ByteSizes.format(s.growth()))).append("</td></tr>\n");
    }

    private static void snapshotSections(StringBuilder out, List<SnapshotScan> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        out.append("<h2>Page-map snapshots</h2>\n<ul id=\"state-legend\" class=\"swatches\"></ul>\n");
        for (int i = 0; i < snapshots.size(); i++) {
            out.append("<section class=\"snapshot\" id=\"snapshot-").append(i).append("\"><h3>Snapshot at ")
                    .append(TimelineText.DAY_AND_TIME.format(snapshots.get(i).residency().time()))
                    .append("</h3><div class=\"snapshot-maps\"></div></section>\n");
        }
    }
}
