package io.github.jvmpagemap.view;

import io.github.jvmpagemap.recording.Timeline;
import io.github.jvmpagemap.recording.TimelineSummary;
import io.github.jvmpagemap.residency.Residency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code report <recording.jfr> --json}: the series and its summary. {@code scans} in time order,
 * each an object with the keys of {@code report <pid> --json} (written compact, one a line, as an
 * hour at a scan a second holds thousands); {@code summary} with what the text summary shows;
 * {@code collections} and {@code messages} whole. Sizes in bytes, times ISO-8601 in UTC, durations
 * in nanoseconds.
 */
public final class TimelineJson {
    static final int SCHEMA = 1;

    private TimelineJson() {
    }

    public static String format(Timeline timeline, TimelineSummary summary) {
        StringBuilder out = new StringBuilder(64 * 1024 + timeline.scans().size() * 8 * 1024);
        JsonWriter json = new JsonWriter(out, true);
        json.beginObject().field("schema", SCHEMA);
        json.name("files").beginInlineArray();
        for (Path file : timeline.files()) {
            json.value(file.toString());
        }
        json.endArray().field("pid", timeline.pid());
        summary(json, timeline, summary);
        json.name("collections").beginArray();
        for (Timeline.Collection c : timeline.collections()) {
            json.beginObject().field("time", c.time().toString()).field("name", c.name()).field("cause", c.cause())
                    .field("sumOfPausesNanos", c.sumOfPauses().toNanos())
                    .field("longestPauseNanos", c.longestPause().toNanos()).endObject();
        }
        json.endArray();
        json.name("messages").beginArray();
        for (Timeline.Message m : timeline.messages()) {
            json.beginObject().field("time", m.time().toString()).field("severity", m.severity())
                    .field("message", m.text()).endObject();
        }
        json.endArray();
        json.name("problems").beginInlineArray();
        for (String problem : timeline.problems()) {
            json.value(problem);
        }
        json.endArray();
        json.name("scans").beginArray();
        StringBuilder one = new StringBuilder(8 * 1024);
        for (Residency scan : timeline.scans()) {
            one.setLength(0);
            JsonReport.write(new JsonWriter(one, false), timeline.pid(), scan, -1);
            json.raw(one.toString());
        }
        json.endArray().endObject();
        return out.toString();
    }

    private static void summary(JsonWriter json, Timeline timeline, TimelineSummary summary) {
        List<Residency> scans = timeline.scans();
        json.name("summary").beginObject()
                .field("from", scans.isEmpty() ? null : scans.get(0).time().toString())
                .field("to", scans.isEmpty() ? null : scans.get(scans.size() - 1).time().toString())
                .field("scanCount", scans.size());
        Duration interval = timeline.typicalInterval();
        json.field("intervalNanos", interval == null ? -1 : interval.toNanos());
        json.name("rows").beginArray();
        for (TimelineSummary.RowSeries row : summary.rows()) {
            json.beginObject().field("region", row.region()).field("subRegion", row.subRegion())
                    .field("kind", row.kind().label()).field("scans", row.scans());
            series(json, "residentBytes", row.resident());
            series(json, "swappedBytes", row.swapped());
            json.endObject();
        }
        json.endArray();
        series(json, "processResidentBytes", summary.processResident());
        series(json, "hugetlbBytes", summary.hugetlb());
        series(json, "unattributedBytes", summary.unattributed());
        json.name("collections").beginObject().field("count", timeline.collections().size());
        json.name("byCollector").beginObject();
        for (Map.Entry<String, Integer> e : summary.collections().entrySet()) {
            json.field(e.getKey(), e.getValue());
        }
        json.endObject().field("pausesNanos", summary.pauses().toNanos());
        Timeline.Collection longest = summary.longest();
        json.name("longest");
        if (longest == null) {
            json.value((String) null);
        } else {
            json.beginObject().field("time", longest.time().toString()).field("name", longest.name())
                    .field("cause", longest.cause()).field("longestPauseNanos", longest.longestPause().toNanos())
                    .endObject();
        }
        json.endObject().field("messageCount", timeline.messages().size());
        json.endObject();
    }

    /** {@code name}: the series as an object, or null where there is none (nothing swapped, say). */
    private static void series(JsonWriter json, String name, TimelineSummary.Series s) {
        json.name(name);
        if (s == null) {
            json.value((String) null);
            return;
        }
        json.beginObject().field("first", s.first()).field("last", s.last()).field("lowest", s.lowest())
                .field("highest", s.highest()).field("highestAt", s.highestAt().toString())
                .field("growth", s.growth()).endObject();
    }
}
