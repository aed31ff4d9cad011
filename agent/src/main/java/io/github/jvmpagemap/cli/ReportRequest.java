package io.github.jvmpagemap.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The arguments of {@code report}: a process id or a page-map snapshot file, and the form
 * wanted: the table (default), {@code --json}, or {@code --html <file>}.
 *
 * @param target the process id as typed, or null for a snapshot
 * @param snapshot the snapshot file, or null for a process
 * @param json whether {@code --json} was given
 * @param html the page to write, or null
 */
record ReportRequest(String target, Path snapshot, boolean json, Path html) {
    static final String USAGE = "usage: report <pid> [--json | --html <file>], or report <file.jfr> [--json | --html <file>]";

    static ReportRequest parse(List<String> args) throws CommandFailure {
        boolean json = false;
        Path html = null;
        String target = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json") && !json) {
                json = true;
            } else if (a.equals("--html") && html == null && i + 1 < args.size()) {
                html = Path.of(args.get(++i));
            } else if (target == null && !a.startsWith("--")) {
                target = a;
            } else {
                throw CommandFailure.usage(USAGE);
            }
        }
        if (target == null || json && html != null) {
            throw CommandFailure.usage(USAGE);
        }
        if (target.chars().allMatch(Character::isDigit)) {
            return new ReportRequest(target, null, json, html);
        }
        Path file = Path.of(target);
        if (!Files.isRegularFile(file)) {
            throw CommandFailure.usage("'" + target + "' is neither a process id nor a snapshot file");
        }
        return new ReportRequest(null, file, json, html);
    }
}
