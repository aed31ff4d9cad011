package io.github.jvmpagemap.cli;

import java.util.List;
import java.util.Locale;

/** What every command checks of its arguments and its platform, each refusal a usage or a failure in one line. */
final class Arguments {
    private Arguments() {
    }

    /** A process id as typed: a positive number. */
    static long pid(String text) throws CommandFailure {
        try {
            long pid = Long.parseLong(text);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw CommandFailure.usage("'" + text + "' is not a process id");
    }

    static void none(List<String> args, String command) throws CommandFailure {
        if (!args.isEmpty()) {
            throw CommandFailure.usage(command + " takes no arguments");
        }
    }

    /** Refuses any system but Linux, whose /proc every command that reaches a process reads. */
    static void linuxOnly(String osName) throws CommandFailure {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw CommandFailure.failed("needs Linux, this is " + osName);
        }
    }
}
