package io.github.jvmpagemap.samples.it;

import io.github.jvmpagemap.residency.ByteSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One residency table as the agent printed it on stderr with {@code print=}, read back. */
record PrintedTable(String collector, String method, List<Row> rows, long vmRss, long attributed,
        long extraViews, long notAttributed, List<String> notes, List<String> warnings) {

    private static final Pattern HEADER = Pattern.compile("^jvm-pagemap residency at .* \\(([^,]+), (\\w+), scan .*\\)$");

    record Row(String name, boolean subRegion, long reserved, long committed, long resident, long swapped) {
    }

    static boolean isHeader(String line) {
        return HEADER.matcher(line).matches();
    }

    /** True when {@code line} is the last line with figures: the table is complete up to its notes. */
    static boolean isLastFigureLine(String line) {
        return line.startsWith("  not attributed");
    }

    static boolean isTrailer(String line) {
        return line.startsWith("note: ") || line.startsWith("warning: ");
    }

    /** Parses the lines from a header to its "not attributed" line, plus the notes and warnings after it. */
    static PrintedTable parse(List<String> lines) {
        Matcher h = HEADER.matcher(lines.get(0));
        if (!h.matches()) {
            throw new IllegalArgumentException("not a table header: " + lines.get(0));
        }
        List<Row> rows = new ArrayList<>();
        long vmRss = -1;
        long attributed = -1;
        long extraViews = 0;
        long notAttributed = Long.MIN_VALUE;
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] cells = line.strip().split("\\s{2,}");
            if (line.startsWith("note: ")) {
                notes.add(line.substring("note: ".length()));
            } else if (line.startsWith("warning: ")) {
                warnings.add(line.substring("warning: ".length()));
            } else if (line.startsWith("Process resident (VmRSS)")) {
                vmRss = size(cells[1]);
            } else if (line.startsWith("  attributed to regions")) {
                attributed = size(cells[1]);
            } else if (line.startsWith("  counted again by extra heap views")) {
                extraViews = size(cells[1]);
            } else if (isLastFigureLine(line)) {
                notAttributed = ByteSizes.parse(cells[1].replace("-", ""))
                        * (cells[1].startsWith("-") ? -1 : 1);
            } else {
                rows.add(new Row(cells[0], line.startsWith("  "), size(cells[1]), size(cells[2]), size(cells[3]),
                        size(cells[4])));
            }
        }
        return new PrintedTable(h.group(1), h.group(2), rows, vmRss, attributed, extraViews, notAttributed, notes,
                warnings);
    }

    private static long size(String cell) {
        return cell.equals("n/a") ? -1 : ByteSizes.parse(cell);
    }

    Row region(String name) {
        return find(name, false).orElseThrow(() -> new AssertionError("no row for region " + name + " in " + rows));
    }

    Optional<Row> find(String name, boolean subRegion) {
        return rows.stream().filter(r -> r.name.equals(name) && r.subRegion == subRegion).findFirst();
    }

    /** The sub-region rows printed under a region. */
    List<Row> subRegionsOf(String region) {
        List<Row> subs = new ArrayList<>();
        boolean inside = false;
        for (Row r : rows) {
            if (!r.subRegion) {
                inside = r.name.equals(region);
            } else if (inside) {
                subs.add(r);
            }
        }
        return subs;
    }
}
