package io.github.jvmpagemap.samples.it.published;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One residency table as the agent printed it on stderr with {@code print=}, as text: its
 * header and its warnings. Tests check that tables appear and what they say in words; figures
 * are compared from {@code report --json} or JMX, which publish them exactly.
 */
public record PrintedTable(String collector, String method, String detail, List<String> warnings) {
    private static final Pattern HEADER = Pattern.compile(
            "^jvm-pagemap residency at .* \\(([^,]+), (\\w+), detail (\\w+), scan .*\\)$");
    /** How the last line with figures starts. */
    public static final String LAST_LINE = "  not attributed";
    /** The title of the thread-stack groups under the figures. */
    public static final String GROUPS = "Largest thread stack groups";

    public static boolean isHeader(String line) {
        return HEADER.matcher(line).matches();
    }

    /** True when {@code line} is the last line with figures: the table is complete up to its notes. */
    public static boolean isLastFigureLine(String line) {
        return line.startsWith(LAST_LINE);
    }

    /** A line after the figures: the zero page's line, a note, a warning, or the thread-stack groups. */
    public static boolean isTrailer(String line) {
        return line.startsWith("note: ") || line.startsWith("warning: ") || line.startsWith(GROUPS)
                || line.startsWith("  ") && !line.startsWith(LAST_LINE);
    }

    /** The complete tables among {@code stderr} (up to their last line of figures), with the notes after each. */
    public static List<PrintedTable> all(List<String> stderr) {
        List<PrintedTable> tables = new ArrayList<>();
        for (int i = 0; i < stderr.size(); i++) {
            if (isHeader(stderr.get(i))) {
                int end = i + 1;
                while (end < stderr.size() && !isLastFigureLine(stderr.get(end))) {
                    end++;
                }
                if (end == stderr.size()) {
                    break;
                }
                int notes = end + 1;
                while (notes < stderr.size() && isTrailer(stderr.get(notes))) {
                    notes++;
                }
                tables.add(parse(stderr.subList(i, notes)));
                i = notes - 1;
            }
        }
        return tables;
    }

    /** Reads the lines from a header to its "not attributed" line, plus the notes and warnings after it. */
    public static PrintedTable parse(List<String> lines) {
        Matcher h = HEADER.matcher(lines.get(0));
        if (!h.matches()) {
            throw new IllegalArgumentException("not a table header: " + lines.get(0));
        }
        List<String> warnings = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("warning: ")) {
                warnings.add(line.substring("warning: ".length()));
            }
        }
        return new PrintedTable(h.group(1), h.group(2), h.group(3), warnings);
    }
}
