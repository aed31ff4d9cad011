package io.github.jvmpagemap.view;

import io.github.jvmpagemap.recording.Timeline;
import io.github.jvmpagemap.recording.TimelineSummary;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.rows.RowNames;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report <recording.jfr>}: the story of a recording on one screen: its span and scans; for
 * each row how its resident bytes went (first, last, lowest, highest and when, growth), and its
 * swapped bytes where any were swapped; VmRSS and what no row held; the collections; the agent's
 * messages. Sub-rows of the heap are shown, other sub-rows with {@code --rows all}. Times in UTC.
 */
public final class TimelineText {
    static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** The agent's messages listed, at most: a recording of a failing run could hold thousands. */
    static final int MESSAGES_SHOWN = 20;
    private static final String NAME = "%-38s";
    private static final String FIGURES = " %10s %10s %10s %10s %10s %11s%n";

    private TimelineText() {
    }

    /** @param allRows every sub-row, not only the heap's */
    public static String format(Timeline timeline, TimelineSummary summary, boolean allRows) {
        StringBuilder out = new StringBuilder(8 * 1024);
        List<Residency> scans = timeline.scans();
        out.append("jvm-pagemap recording ").append(TerminalText.visible(String.join(", ",
                timeline.files().stream().map(p -> p.getFileName().toString()).toList())));
        if (timeline.pid() >= 0) {
            out.append(" of process ").append(timeline.pid());
        }
        out.append('\n');
        if (scans.isEmpty()) {
            out.append("no scan of the agent in it\n");
        } else {
            Instant from = scans.get(0).time();
            Instant to = scans.get(scans.size() - 1).time();
            Duration interval = timeline.typicalInterval();
            out.append(String.format(Locale.ROOT, "%d scan%s from %s to %s (%s%s)%n", scans.size(),
                    scans.size() == 1 ? "" : "s", DAY_AND_TIME.format(from), DAY_AND_TIME.format(to),
                    duration(Duration.between(from, to)), interval == null ? "" : ", a scan every "
                            + duration(interval)));
            Residency last = scans.get(scans.size() - 1);
            if (!last.method().isEmpty()) {
                out.append(String.format(Locale.ROOT, "%s, method %s, detail %s%n", last.collector(), last.method(),
                        last.detail().label()));
            }
            rows(out, summary, allRows, false);
            if (summary.rows().stream().anyMatch(r -> r.swapped() != null)) {
                out.append('\n');
                rows(out, summary, allRows, true);
            }
            process(out, summary);
        }
        collections(out, timeline, summary);
        messages(out, timeline);
        for (String problem : timeline.problems()) {
            out.append("warning: ").append(TerminalText.visible(problem)).append('\n');
        }
        return out.toString();
    }

    private static void rows(StringBuilder out, TimelineSummary summary, boolean allRows, boolean swapped) {
        out.append('\n').append(String.format(Locale.ROOT, NAME + FIGURES, swapped ? "Swapped" : "Resident", "First",
                "Last", "Lowest", "Highest", "Highest at", "Growth"));
        for (TimelineSummary.RowSeries row : summary.rows()) {
            TimelineSummary.Series s = swapped ? row.swapped() : row.resident();
            if (s == null || row.isSubRegion() && !allRows && !row.region().equals(RowNames.JAVA_HEAP)) {
                continue;
            }
            line(out, TerminalText.visible(row.isSubRegion() ? "  " + row.subRegion() : row.region()), s);
        }
    }

    private static void process(StringBuilder out, TimelineSummary summary) {
        if (summary.processResident() != null) {
            out.append('\n');
            line(out, "Process resident (VmRSS)", summary.processResident());
            if (summary.hugetlb() != null) {
                line(out, "  " + ResidencyTable.HUGETLB, summary.hugetlb());
            }
            line(out, "  " + ResidencyTable.NOT_ATTRIBUTED, summary.unattributed());
        }
    }

    private static void line(StringBuilder out, String name, TimelineSummary.Series s) {
        out.append(String.format(Locale.ROOT, NAME + FIGURES, name, ByteSizes.format(s.first()),
                ByteSizes.format(s.last()), ByteSizes.format(s.lowest()), ByteSizes.format(s.highest()),
                TIME.format(s.highestAt()), (s.growth() > 0 ? "+" : "") + ByteSizes.format(s.growth())));
    }

    private static void collections(StringBuilder out, Timeline timeline, TimelineSummary summary) {
        out.append('\n');
        if (timeline.collections().isEmpty()) {
            out.append("Collections: none recorded (jdk.GarbageCollection not enabled, or no collection)\n");
            return;
        }
        StringBuilder byName = new StringBuilder();
        for (Map.Entry<String, Integer> e : summary.collections().entrySet()) {
            byName.append(byName.length() == 0 ? "" : ", ").append(TerminalText.visible(e.getKey())).append(' ')
                    .append(e.getValue());
        }
        Timeline.Collection longest = summary.longest();
        out.append(String.format(Locale.ROOT, "Collections: %d (%s); paused %s in all, the longest %s (%s, %s) at %s%n",
                timeline.collections().size(), byName, millis(summary.pauses()), millis(longest.longestPause()),
                TerminalText.visible(String.valueOf(longest.name())), TerminalText.visible(String.valueOf(longest.cause())),
                TIME.format(longest.time())));
    }

    private static void messages(StringBuilder out, Timeline timeline) {
        List<Timeline.Message> messages = timeline.messages();
        out.append(messages.isEmpty() ? "The agent said nothing.\n" : "The agent said:\n");
        for (Timeline.Message m : messages.subList(0, Math.min(messages.size(), MESSAGES_SHOWN))) {
            out.append("  ").append(TIME.format(m.time())).append(' ').append(TerminalText.visible(m.severity()))
                    .append(": ").append(TerminalText.visible(m.text())).append('\n');
        }
        if (messages.size() > MESSAGES_SHOWN) {
            out.append("  and ").append(messages.size() - MESSAGES_SHOWN).append(" more (--json lists them all)\n");
        }
    }

    /** A duration as a person reads it: 250 ms, 42 s, 59 min 59 s, 2 h 05 min. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return ms % 1000 == 0 ? s + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60);
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
