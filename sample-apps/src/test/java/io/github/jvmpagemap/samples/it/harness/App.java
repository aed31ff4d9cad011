package io.github.jvmpagemap.samples.it.harness;

import static org.awaitility.Awaitility.await;

import io.github.jvmpagemap.samples.it.published.PrintedTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A sample app in a fresh JVM, optionally with the packaged agent, whose stdout and stderr are
 * collected line by line as they come.
 */
public final class ChildJvm implements AutoCloseable {
    public static final Path AGENT_JAR = Path.of(System.getProperty("jvmpagemap.agentJar", "../agent/target/jvm-pagemap-agent.jar"));
    public static final Path SAMPLES_JAR = Path.of(System.getProperty("jvmpagemap.samplesJar", "target/jvm-pagemap-samples.jar"));
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    private final List<String> command;

    private ChildJvm(List<String> command) throws IOException {
        this.command = command;
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        process = pb.start();
        // A socket file of an earlier JVM with this pid, SIGKILLed before it could remove it, would
        // answer an attach (jcmd, the agent's command line) with "Connection refused": this JVM has
        // not attached anything yet, so any such file is stale.
        Files.deleteIfExists(Path.of("/tmp/.java_pid" + process.pid()));
        pump(process.getInputStream(), out, "stdout");
        pump(process.getErrorStream(), err, "stderr");
    }

    /** Runs a sample app; {@code agentOptions} null means without the agent. */
    public static ChildJvm start(Jdk jdk, String agentOptions, List<String> jvmArgs, String... appArgs) throws IOException {
        return start(List.of(), jdk, agentOptions, jvmArgs, appArgs);
    }

    /** As {@link #start(Jdk, String, List, String...)}, launched through {@code wrapper} (e.g. unshare). */
    public static ChildJvm start(List<String> wrapper, Jdk jdk, String agentOptions, List<String> jvmArgs, String... appArgs)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(jdk.java().toString());
        if (agentOptions != null) {
            command.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(SAMPLES_JAR.toAbsolutePath().toString());
        command.addAll(List.of(appArgs));
        return new ChildJvm(command);
    }

    private static void pump(InputStream stream, List<String> into, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    into.add(line);
                }
            } catch (IOException e) {
                into.add("[" + name + " closed: " + e + "]");
            }
        }, "child " + name);
        t.setDaemon(true);
        t.start();
    }

    public long pid() {
        return process.pid();
    }

    public List<String> stdout() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    public List<String> stderr() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    /** Everything the child said so far, for assertion messages. */
    public String transcript() {
        return "command: " + String.join(" ", command) + "\n--- stdout\n" + String.join("\n", stdout())
                + "\n--- stderr\n" + String.join("\n", stderr());
    }

    public void awaitStdout(String text) {
        awaitLine(text, this::stdout, PATIENCE);
    }

    /** As {@link #awaitStdout(String)}, for a line that comes only after {@code patience}'s worth of work. */
    public void awaitStdout(String text, Duration patience) {
        awaitLine(text, this::stdout, patience);
    }

    public void awaitStderr(String text) {
        awaitLine(text, this::stderr, PATIENCE);
    }

    private void awaitLine(String text, Supplier<List<String>> lines, Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofMillis(20))
                .failFast("the child exited: " + text + " never came", () -> !process.isAlive() && !has(text, lines))
                .until(() -> has(text, lines));
    }

    private static boolean has(String text, Supplier<List<String>> lines) {
        return lines.get().stream().anyMatch(l -> l.contains(text));
    }

    /** Complete tables printed so far (up to their last line of figures). */
    public List<PrintedTable> tables() {
        List<String> lines = stderr();
        List<PrintedTable> tables = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (PrintedTable.isHeader(lines.get(i))) {
                int end = i + 1;
                while (end < lines.size() && !PrintedTable.isLastFigureLine(lines.get(end))) {
                    end++;
                }
                if (end == lines.size()) {
                    break;
                }
                int notes = end + 1;
                while (notes < lines.size() && PrintedTable.isTrailer(lines.get(notes))) {
                    notes++;
                }
                tables.add(PrintedTable.parse(lines.subList(i, notes)));
                i = notes - 1;
            }
        }
        return tables;
    }

    /** Waits until the table with this index (0 = first) is complete, and returns it. */
    public PrintedTable awaitTable(int index) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                .failFast("the child exited before table " + index, () -> !process.isAlive())
                .until(() -> tables().size() > index);
        return tables().get(index);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not exit\n" + transcript());
        }
        // Let the pumps drain what the child wrote last.
        await().atMost(Duration.ofSeconds(5)).until(() -> stderrClosed());
        return process.exitValue();
    }

    private boolean stderrClosed() {
        try {
            return process.getErrorStream().available() == 0 && process.getInputStream().available() == 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Runs {@code action} while the child is stopped (SIGSTOP), so it reads one instant. */
    public <T> T whileStopped(IoSupplier<T> action) throws IOException, InterruptedException {
        signal("-STOP");
        try {
            return action.get();
        } finally {
            signal("-CONT");
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid() + " failed");
        }
    }

    public interface IoSupplier<T> {
        T get() throws IOException;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
