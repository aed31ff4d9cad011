package io.github.jvmpagemap.samples.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command the tests run to prepare the machine or read it (gcc, swapon, mount...), and what it said. */
public final class Command {
    private static final long PATIENCE_SECONDS = 120;

    private Command() {
    }

    /** Runs {@code command}; its output (stderr merged in) if it succeeded, else an AssertionError with it. */
    public static String output(List<String> command) {
        StringBuilder output = new StringBuilder();
        String refused = run(command, output);
        if (refused != null) {
            throw new AssertionError(refused);
        }
        return output.toString();
    }

    public static String output(String... command) {
        return output(List.of(command));
    }

    /** Runs {@code command}: null if it succeeded, else what it said (for a test that skips where it cannot). */
    public static String refusal(String... command) {
        return run(List.of(command), new StringBuilder());
    }

    private static String run(List<String> command, StringBuilder output) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
        } catch (IOException e) {
            return command.get(0) + ": " + e.getMessage();
        }
        try {
            output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " timed out";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + " (exit " + p.exitValue() + "): "
                + output.toString().strip();
    }
}
