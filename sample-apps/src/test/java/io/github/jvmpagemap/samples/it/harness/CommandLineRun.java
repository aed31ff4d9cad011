package io.github.jvmpagemap.samples.it.harness;

import io.github.jvmpagemap.samples.it.published.Report;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of {@code java -jar jvm-pagemap-agent.jar <command>}, as a person types it: its exit code and output. */
public record CommandLineRun(List<String> command, int exitCode, String stdout, String stderr) {

    public static CommandLineRun of(Jdk jdk, String... args) throws IOException, InterruptedException {
        return of(List.of(), jdk, List.of(), args);
    }

    /** Runs the command line through {@code wrapper} (e.g. setpriv), with these JVM options. */
    public static CommandLineRun of(List<String> wrapper, Jdk jdk, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(jdk.java().toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(AgentJar.PATH.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(new File("/dev/null")).start();
        CompletableFuture<String> err = new CompletableFuture<>();
        Thread reader = new Thread(() -> err.complete(read(p.getErrorStream())), "command line stderr");
        reader.setDaemon(true);
        reader.start();
        String out = read(p.getInputStream());
        if (!p.waitFor(App.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the command line did not finish: " + command);
        }
        return new CommandLineRun(command, p.exitValue(), out, err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "[unreadable: " + e + "]";
        }
    }

    /** {@code report <pid> --json}, read: the figures of the agent in process {@code pid}. */
    public static Report jsonReport(Jdk jdk, long pid) throws IOException, InterruptedException {
        CommandLineRun run = of(jdk, "report", Long.toString(pid), "--json");
        if (run.exitCode() != 0 || !run.stderr().isEmpty()) {
            throw new AssertionError("report --json failed\n" + run.transcript());
        }
        return Report.fromJson(run.stdout());
    }

    public List<String> stdoutLines() {
        return stdout.lines().toList();
    }

    public List<String> stderrLines() {
        return stderr.lines().toList();
    }

    /** Everything, for assertion messages. */
    public String transcript() {
        return "command: " + String.join(" ", command) + "\nexit: " + exitCode + "\n--- stdout\n" + stdout
                + "\n--- stderr\n" + stderr;
    }
}
