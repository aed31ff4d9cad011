package io.github.jvmpagemap.view;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;

/**
 * {@code report --json}: one scan as a JSON object whose schema (docs/cli.md) only ever grows.
 * Each region's members are its names, its kind and every {@link Figure} by its key; sizes in
 * bytes, -1 where a figure is not measured, {@code residentPercent} a percentage 0-100.
 */
public final class JsonReport {
    static final int SCHEMA = 1;

    private JsonReport() {
    }

    /**
     * @param scanCount scans since the agent started, or -1 where that is not known (a snapshot file)
     */
    public static String format(long pid, Residency r, long scanCount) {
        StringBuilder out = new StringBuilder(16 * 1024);
        write(new JsonWriter(out, true), pid, r, scanCount);
        return out.toString();
    }

    /** Writes the object of {@link #format} to {@code json}: at the top level, or as a value inside a larger document. */
    static void write(JsonWriter json, long pid, Residency r, long scanCount) {
        json.beginObject()
                .field("schema", SCHEMA)
                .field("pid", pid)
                .field("time", r.time().toString())
                .field("scanDurationNanos", r.durationNanos())
                .field("scanCount", scanCount)
                .field("method", r.method())
                .field("detail", r.detail().label())
                .field("collector", r.collector())
                .field("pagesExamined", r.pagesExamined())
                .field("processResidentBytes", r.processResidentBytes())
                .field("processPeakResidentBytes", r.processPeakResidentBytes())
                .field("hugetlbBytes", r.hugetlbBytes())
                .field("attributedBytes", r.attributedBytes())
                .field("extraViewBytes", r.extraViewBytes())
                .field("unattributedBytes", r.unattributedBytes())
                .field("writeWindowNanos", r.writeWindowNanos())
                .field("effectiveIntervalNanos", r.effectiveIntervalNanos());
        json.name("regions").beginArray();
        for (RegionResidency row : r.regions()) {
            json.beginObject().field("region", row.region()).field("subRegion", row.subRegion())
                    .field("kind", row.kind().label());
            for (Figure figure : Figure.values()) {
                if (figure.unit() == Figure.Unit.RATIO) {
                    json.name(figure.key()).value(row.residentPercent(), 3);
                } else {
                    json.field(figure.key(), row.get(figure));
                }
            }
            json.endObject();
        }
        json.endArray();
        json.name("threadStackGroups").beginArray();
        for (ThreadStackGroup g : r.stackGroups()) {
            json.beginObject().field("group", g.group()).field("threads", g.threads())
                    .field("residentBytes", g.residentBytes()).field("swappedBytes", g.swappedBytes()).endObject();
        }
        json.endArray();
        json.name("problems").beginInlineArray();
        for (String problem : r.problems()) {
            json.value(problem);
        }
        json.endArray().endObject();
    }

    /** A JSON string literal, or null. */
    public static String string(String s) {
        return JsonWriter.string(s);
    }
}
