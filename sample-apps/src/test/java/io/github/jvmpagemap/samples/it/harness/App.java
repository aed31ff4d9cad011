package io.github.jvmpagemap.samples.it.harness;

import static org.awaitility.Awaitility.await;

import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.kernel.Maps;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import io.github.jvmpagemap.samples.it.published.PrintedTable;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import jdk.jfr.consumer.RecordedEvent;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A sample app running in a JVM of its own, as a {@link Launch} started it: its stdout and stderr,
 * collected line by line as they come; one JMX connection from the tests' JVM, opened at first
 * use, for the agent's beans ({@link #agent}) and the JVM's own reports ({@link #jvm}); and the
 * kernel's view of it while it is stopped. Started and stopped by {@link Apps}.
 */
public final class App implements AutoCloseable {
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Launch launch;
    private final Process process;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());
    /** Held by whoever reads this app (a scan, then the kernel while stopped), so that tests sharing it take turns. */
    private final ReentrantLock reading = new ReentrantLock();
    private final List<Thread> pumps = new ArrayList<>();
    private JmxConnection jmx;

    private App(Launch launch) throws IOException {
        this.launch = launch;
        ProcessBuilder builder = new ProcessBuilder(launch.command());
        if (!launch.isEndedByTheTest()) {
            builder.redirectInput(new File("/dev/null"));
        }
        process = builder.start();
        // A socket file of an earlier JVM with this pid, SIGKILLed before it could remove it, would
        // answer an attach (JMX, the agent's command line) with "Connection refused": this JVM has
        // not been attached to yet, so any such file is stale.
        Files.deleteIfExists(Path.of("/tmp/.java_pid" + process.pid()));
        pumps.add(pump(process.getInputStream(), out, "stdout"));
        pumps.add(pump(process.getErrorStream(), err, "stderr"));
    }

    /** Starts the app and waits for its ready line, if the launch names one. */
    static App start(Launch launch) throws IOException {
        App app = new App(launch);
        if (launch.readyLine() != null) {
            try {
                app.awaitStdout(launch.readyLine());
            } catch (RuntimeException | Error e) {
                app.close();
                throw e;
            }
        }
        return app;
    }

    private static Thread pump(InputStream stream, List<String> into, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    into.add(line);
                }
            } catch (IOException e) {
                into.add("[" + name + " closed: " + e + "]");
            }
        }, "app " + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    public Jdk jdk() {
        return launch.jdk();
    }

    /** The agent's MBeans, over this app's connection. */
    public AgentBeans agent() {
        return new AgentBeans(connection().connection());
    }

    /** A JMX connection of its own to this app, as another client (jconsole, an exporter) opens one. */
    public Client newClient() {
        return new Client(JmxConnection.to(pid()));
    }

    /** Another client's connection to the app. */
    public static final class Client implements AutoCloseable {
        private final JmxConnection jmx;

        private Client(JmxConnection jmx) {
            this.jmx = jmx;
        }

        public AgentBeans agent() {
            return new AgentBeans(jmx.connection());
        }

        @Override
        public void close() {
            jmx.close();
        }
    }

    /** The JVM's own reports (the DiagnosticCommand MBean), over this app's connection. */
    public DiagnosticCommands jvm() {
        return new DiagnosticCommands(connection().connection());
    }

    /**
     * The events named {@code name} the app's JFR recordings hold so far, every recording's,
     * dumped by the JVM ({@code JFR.dump}) to {@code scratch}: what an agent's own recording has
     * emitted before it writes its file (which it rewrites once a minute at most).
     */
    public List<RecordedEvent> recordedSoFar(String name, Path scratch) throws IOException {
        Files.deleteIfExists(scratch);
        jvm().jfrDump("filename=" + scratch);
        return JfrFiles.events(scratch, name);
    }

    /** The regions as the JVM's own reports and the maps say now, read by the tests' own parser. */
    public Layout layout() throws IOException {
        DiagnosticCommands jvm = jvm();
        return LayoutOracle.parse(jvm.gcHeapInfo(), jvm.vmMetaspace("vslist"), jvm.compilerCodecache(), jvm.vmInfo(),
                Maps.of(pid()));
    }

    private synchronized JmxConnection connection() {
        if (jmx == null) {
            jmx = JmxConnection.to(pid());
        }
        return jmx;
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

    /** Everything the app said so far, for assertion messages. */
    public String transcript() {
        return "command: " + String.join(" ", launch.command()) + "\n--- stdout\n" + String.join("\n", stdout())
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
        awaitWhileAlive("a line with '" + text + "'", () -> has(text, lines), patience);
    }

    /** Waits for {@code condition} while the app runs; if it ends first or patience runs out, says what the app said. */
    private void awaitWhileAlive(String what, Callable<Boolean> condition, Duration patience) {
        try {
            await().atMost(patience).pollInterval(Duration.ofMillis(20))
                    .failFast(() -> !process.isAlive() && !condition.call())
                    .until(condition);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError((process.isAlive() ? "no " + what + " within " + patience.toSeconds() + " s"
                    : "the app exited without " + what) + "\n" + transcript(), e);
        }
    }

    private static boolean has(String text, Supplier<List<String>> lines) {
        return lines.get().stream().anyMatch(l -> l.contains(text));
    }

    /** Complete tables printed so far (up to their last line of figures). */
    public List<PrintedTable> tables() {
        return PrintedTable.all(stderr());
    }

    /** Waits until the table with this index (0 = first) is complete, and returns it. */
    public PrintedTable awaitTable(int index) {
        awaitWhileAlive("table " + index, () -> tables().size() > index, PATIENCE);
        return tables().get(index);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Tells the app's scenario to end (a launch that {@link Launch#endsWhenTold() ends when told}),
     * and waits for the JVM to exit; its exit code.
     */
    public int end() throws IOException, InterruptedException {
        process.getOutputStream().close();
        return awaitExit();
    }

    /** Waits for the app to end by itself, and for what it wrote last; its exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the app did not exit\n" + transcript());
        }
        drain();
        return process.exitValue();
    }

    /**
     * Waits for what the ended app wrote last to be read: its pipes close when it ends, unless a
     * child it forked holds them (which dies with it, a moment later).
     */
    private void drain() throws InterruptedException {
        for (Thread pump : pumps) {
            pump.join(Duration.ofSeconds(5).toMillis());
        }
    }

    /**
     * Runs {@code action} while the app is stopped (SIGSTOP), so that it reads one instant. Tests
     * sharing the app take turns, each stop its own.
     */
    public <T> T whileStopped(IoSupplier<T> action) throws IOException, InterruptedException {
        reading.lock();
        try {
            signal("-STOP");
            try {
                return action.get();
            } finally {
                signal("-CONT");
            }
        } finally {
            reading.unlock();
        }
    }

    /**
     * Runs {@code reading} (the agent's figures, then the kernel's) with no other test reading this
     * app meanwhile: another test's JMX calls would make the app move between the two.
     */
    public <T> T exclusively(Reading<T> reading) throws Exception {
        this.reading.lock();
        try {
            return reading.take();
        } finally {
            this.reading.unlock();
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Command.output("kill", signal, Long.toString(pid()));
    }

    public interface IoSupplier<T> {
        T get() throws IOException;
    }

    public interface Reading<T> {
        T take() throws Exception;
    }

    /**
     * SIGKILL, as a crash or an operator would: the agent gets no chance to finish anything. What
     * the app wrote before is all read on return.
     */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (jmx != null) {
                jmx.close();
            }
        }
    }
}
