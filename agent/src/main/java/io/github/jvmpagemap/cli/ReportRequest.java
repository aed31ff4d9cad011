package io.github.jvmpagemap.cli;

import io.github.jvmpagemap.agent.AgentOptions;
import io.github.jvmpagemap.residency.WrittenMeasures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code report}: a process id, or recordings and snapshot files; and the form
 * wanted: the table or summary (default), {@code --json}, or {@code --html <file>}; for recordings,
 * {@code --rows all} for every sub-row in the summary.
 *
 * @param target the process id as typed, or null for files
 * @param files the recordings and snapshot files, in the order given; empty for a process
 * @param json whether {@code --json} was given
 * @param html the page to write, or null
 * @param allRows whether {@code --rows all} was given
 * @param written the write window of {@code --written <duration>}, or null
 */
record ReportRequest(String target, List<Path> files, boolean json, Path html, boolean allRows, Duration written) {
    static final String USAGE = "usage: report <pid> [--written <duration>] [--json | --html <file>], or report"
            + " <file.jfr> [more.jfr ...] [--rows all] [--json | --html <file>]";

    static ReportRequest parse(List<String> args) throws CommandFailure {
        boolean json = false;
        boolean allRows = false;
        Path html = null;
        Duration written = null;
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json") && !json) {
                json = true;
            } else if (a.equals("--html") && html == null && i + 1 < args.size()) {
                html = Path.of(args.get(++i));
            } else if (a.equals("--rows") && !allRows && i + 1 < args.size() && args.get(i + 1).equals("all")) {
                allRows = true;
                i++;
            } else if (a.equals("--written") && written == null && i + 1 < args.size()) {
                written = window(args.get(++i));
            } else if (!a.startsWith("--")) {
                targets.add(a);
            } else {
                throw CommandFailure.usage(USAGE);
            }
        }
        if (targets.isEmpty() || json && html != null) {
            throw CommandFailure.usage(USAGE);
        }
        if (targets.get(0).chars().allMatch(Character::isDigit)) {
            if (targets.size() > 1 || allRows) {
                throw CommandFailure.usage(USAGE);
            }
            return new ReportRequest(targets.get(0), List.of(), json, html, false, written);
        }
        if (written != null) {
            throw CommandFailure.usage("--written measures a running JVM: it needs a process id (" + USAGE + ")");
        }
        List<Path> files = new ArrayList<>();
        for (String target : targets) {
            Path file = Path.of(target);
            if (!Files.isRegularFile(file)) {
                throw CommandFailure.usage("'" + target + "' is neither a process id nor a recording or snapshot file");
            }
            files.add(file);
        }
        return new ReportRequest(null, List.copyOf(files), json, html, allRows, null);
    }

    /** The window of {@code --written}, within what the agent allows. */
    private static Duration window(String value) throws CommandFailure {
        Duration d;
        try {
            d = AgentOptions.duration("--written", value);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        if (d.compareTo(WrittenMeasures.LONGEST) > 0) {
            throw CommandFailure.usage("bad value '" + value + "' for --written; the longest window is "
                    + WrittenMeasures.LONGEST.toMinutes() + "m");
        }
        return d;
    }
}
