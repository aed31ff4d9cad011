package io.github.jvmpagemap.view;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import java.util.List;
import java.util.Locale;

/**
 * {@code report --json}: one scan as a JSON object whose schema (docs/jmx.md) only ever grows.
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
        StringBuilder out = new StringBuilder("{\n");
        field(out, 1, "schema", SCHEMA);
        field(out, 1, "pid", pid);
        field(out, 1, "time", r.time().toString());
        field(out, 1, "scanDurationNanos", r.durationNanos());
        field(out, 1, "scanCount", scanCount);
        field(out, 1, "method", r.method());
        field(out, 1, "detail", r.detail().label());
        field(out, 1, "collector", r.collector());
        field(out, 1, "pagesExamined", r.pagesExamined());
        field(out, 1, "processResidentBytes", r.processResidentBytes());
        field(out, 1, "hugetlbBytes", r.hugetlbBytes());
        field(out, 1, "attributedBytes", r.attributedBytes());
        field(out, 1, "extraViewBytes", r.extraViewBytes());
        field(out, 1, "unattributedBytes", r.unattributedBytes());
        out.append("  \"regions\": [");
        List<RegionResidency> regions = r.regions();
        for (int i = 0; i < regions.size(); i++) {
            RegionResidency row = regions.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\n");
            field(out, 3, "region", row.region());
            field(out, 3, "subRegion", row.subRegion());
            field(out, 3, "kind", row.kind().label());
            for (Figure figure : Figure.values()) {
                if (figure.unit() == Figure.Unit.RATIO) {
                    entry(out, 3, figure.key(), String.format(Locale.ROOT, "%.3f", row.residentPercent()));
                } else {
                    entry(out, 3, figure.key(), Long.toString(row.get(figure)));
                }
                out.append(figure.ordinal() == Figure.values().length - 1 ? "\n" : ",\n");
            }
            out.append("    }");
        }
        out.append(regions.isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"threadStackGroups\": [");
        List<ThreadStackGroup> groups = r.stackGroups();
        for (int i = 0; i < groups.size(); i++) {
            ThreadStackGroup g = groups.get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\n");
            field(out, 3, "group", g.group());
            field(out, 3, "threads", g.threads());
            field(out, 3, "residentBytes", g.residentBytes());
            entry(out, 3, "swappedBytes", Long.toString(g.swappedBytes()));
            out.append("\n    }");
        }
        out.append(groups.isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"problems\": [");
        for (int i = 0; i < r.problems().size(); i++) {
            out.append(i == 0 ? "" : ", ").append(string(r.problems().get(i)));
        }
        out.append("]\n}\n");
        return out.toString();
    }

    /** A member followed by another. */
    private static void field(StringBuilder out, int depth, String name, Object value) {
        entry(out, depth, name, value instanceof String s ? string(s) : String.valueOf(value)).append(",\n");
    }

    private static StringBuilder entry(StringBuilder out, int depth, String name, String json) {
        return out.append("  ".repeat(depth)).append('"').append(name).append("\": ").append(json);
    }

    /** A JSON string literal, or null. */
    public static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
