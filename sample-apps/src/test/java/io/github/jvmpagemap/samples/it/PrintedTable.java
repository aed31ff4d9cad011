package io.github.jvmpagemap.samples.it;

import io.github.jvmpagemap.residency.ByteSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One residency table as the agent printed it on stderr with {@code print=}, read back. */
record PrintedTable(String collector, String method, String detail, List<Row> rows, long vmRss, long attributed,
        long extraViews, long notAttributed, List<String> notes, List<String> warnings) {

    private static final Pattern HEADER = Pattern.compile(
            "^jvm-pagemap residency at .* \\(([^,]+), (\\w+), detail (\\w+), scan .*\\)$");
    /** A figure the agent could not measure; the agent prints {@code n/a}. */
    static final long UNAVAILABLE = -1;

    /**
     * One row; {@code hugePage}, {@code zeroPage}, {@code shared} and {@code proportional} are
     * {@link #UNAVAILABLE} when printed {@code n/a} or (shared, proportional) not printed at all.
     */
    record Row(String name, boolean subRegion, long reserved, long committed, long resident, long swapped,
            long hugePage, long zeroPage, long shared, long proportional) {
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
        List<String> columns = List.of(lines.get(1).strip().split("\\s+"));
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
                // Below zero for a moment while VmRSS, an approximate counter, lags behind the page tables.
                notAttributed = cells[1].equals("n/a") ? Long.MIN_VALUE : ByteSizes.parse(cells[1]);
            } else {
                if (cells.length != columns.size()) {
                    throw new IllegalArgumentException("expected " + columns + " in: " + line);
                }
                rows.add(new Row(cells[0], line.startsWith("  "), column(columns, cells, "Reserved"),
                        column(columns, cells, "Committed"), column(columns, cells, "Resident"),
                        column(columns, cells, "Swapped"), column(columns, cells, "HugePage"),
                        column(columns, cells, "ZeroPage"), column(columns, cells, "Shared"),
                        column(columns, cells, "Proportional")));
            }
        }
        return new PrintedTable(h.group(1), h.group(2), h.group(3), rows, vmRss, attributed, extraViews, notAttributed, notes,
                warnings);
    }

    /** The figure under {@code header}; {@link #UNAVAILABLE} if that column is not printed. */
    private static long column(List<String> columns, String[] cells, String header) {
        int i = columns.indexOf(header);
        return i < 0 ? UNAVAILABLE : size(cells[i]);
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
