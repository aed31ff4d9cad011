package io.github.jvmpagemap.cli;

import com.sun.tools.attach.VirtualMachineDescriptor;
import io.github.jvmpagemap.agent.AgentOptions;
import io.github.jvmpagemap.jmx.ResidencyMBeans;
import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.recording.PrivateFiles;
import io.github.jvmpagemap.view.JsonReport;
import io.github.jvmpagemap.view.ResidencyPage;
import io.github.jvmpagemap.view.ResidencyTable;
import io.github.jvmpagemap.view.SnapshotScan;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code java -jar jvm-pagemap-agent.jar <command>}: {@code list}, {@code attach}, {@code report},
 * {@code snapshot}, {@code jfc}, {@code help}. Results go to stdout; a failure is one line on
 * stderr and a non-zero exit (1 failed, 2 bad usage), never a stack trace.
 */
final class CommandLine {
    static final String JFC_RESOURCE = "/io/github/jvmpagemap/jfr/jvm-pagemap.jfc";
    static final String PREFIX = "jvm-pagemap: ";
    static final String USAGE = """
            usage: java -jar jvm-pagemap-agent.jar <command>
              list                          the JVMs this user can attach to
              attach <pid> [options]        load the agent into a running JVM (options as after -javaagent:...=)
              report <pid> [--json]         print the residency table of a running JVM, loading the agent if needed
              report <pid> --html <file>    write a new self-contained page: the table, VmRSS by row, residency maps
              report <file.jfr> [--json | --html <file>]
                                            the same from a page-map snapshot file
              snapshot <pid> <file.jfr>     write a full-fidelity page map of a running JVM to a new .jfr file
              jfc                           print the JFR settings for the agent's events
              help                          this text
            exit status: 0 done, 1 failed, 2 bad usage
            """;
    /**
     * How long the agent's scanner thread gets to show its name once the agent is loaded (agentmain
     * has returned by then: the thread exists now or never will).
     */
    static final Duration AGENT_START = Duration.ofSeconds(5);
    /** How long the agent gets to finish its first scan (layout discovery included). */
    static final Duration FIRST_SCAN = Duration.ofSeconds(30);

    private final PrintStream out;
    private final PrintStream err;
    private final String osName;
    private final String jfcResource;

    CommandLine(PrintStream out, PrintStream err) {
        this(out, err, System.getProperty("os.name", ""), JFC_RESOURCE);
    }

    CommandLine(PrintStream out, PrintStream err, String osName, String jfcResource) {
        this.out = out;
        this.err = err;
        this.osName = osName;
        this.jfcResource = jfcResource;
    }

    /** Runs one command and returns the exit code. */
    int run(String... args) {
        try {
            if (args.length == 0) {
                err.print(USAGE);
                return CommandFailure.USAGE;
            }
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            switch (args[0]) {
                case "help", "--help", "-h" -> out.print(USAGE);
                case "jfc" -> jfc(rest);
                case "list" -> list(rest);
                case "attach" -> attach(rest);
                case "report" -> report(rest);
                case "snapshot" -> snapshot(rest);
                default -> throw CommandFailure.usage("unknown command '" + args[0]
                        + "'; commands: list, attach, report, snapshot, jfc, help");
            }
            return 0;
        } catch (CommandFailure f) {
            err.println(PREFIX + oneLine(f.getMessage()));
            return f.exitCode();
        } catch (Throwable t) {
            err.println(PREFIX + "failed: " + oneLine(t.toString()));
            return CommandFailure.FAILED;
        } finally {
            out.flush();
        }
    }

    private void jfc(List<String> args) throws CommandFailure, IOException {
        noArguments(args, "jfc");
        try (InputStream in = CommandLine.class.getResourceAsStream(jfcResource)) {
            if (in == null) {
                throw CommandFailure.failed("this build carries no JFR settings file (" + jfcResource + ")");
            }
            in.transferTo(out);
        }
    }

    private void list(List<String> args) throws CommandFailure {
        noArguments(args, "list");
        linuxOnly();
        long self = ProcessHandle.current().pid();
        out.printf(Locale.ROOT, "%-8s %-11s %s%n", "PID", "JVM-PAGEMAP", "COMMAND");
        for (VirtualMachineDescriptor vm : Attach.list()) {
            long pid;
            try {
                pid = Long.parseLong(vm.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid != self) {
                TargetProcess target;
                try {
                    target = TargetProcess.of(pid);
                } catch (CommandFailure gone) {
                    continue;
                }
                out.printf(Locale.ROOT, "%-8d %-11s %s%n", pid, target.agentRunning() ? "running" : "-",
                        vm.displayName());
            }
        }
    }

    private void attach(List<String> args) throws CommandFailure, InterruptedException {
        if (args.isEmpty() || args.size() > 2) {
            throw CommandFailure.usage("usage: attach <pid> [options]");
        }
        linuxOnly();
        long pid = pid(args.get(0));
        String options = args.size() == 2 ? args.get(1) : "";
        try {
            AgentOptions.parse(options);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        TargetProcess target = TargetProcess.of(pid);
        if (target.agentRunning()) {
            out.println("jvm-pagemap is already running in process " + pid
                    + (options.isEmpty() ? "" : "; options '" + options + "' ignored"));
            return;
        }
        load(target, options);
        out.println("jvm-pagemap is running in process " + pid);
    }

    private void report(List<String> args) throws CommandFailure, InterruptedException, IOException {
        ReportRequest request = ReportRequest.parse(args);
        if (request.snapshot() != null) {
            SnapshotScan scan = readSnapshot(request.snapshot());
            RemoteResidency remote = new RemoteResidency(scan.residency(), RemoteResidency.UNKNOWN_COUNT);
            if (request.html() != null) {
                writePage(request.html(), "snapshot " + request.snapshot().getFileName() + " of process " + scan.pid(),
                        scan, remote);
            } else {
                out.print(request.json() ? JsonReport.format(scan.pid(), remote.residency(), remote.scanCount())
                        : ResidencyTable.format(scan.residency()));
            }
            return;
        }
        linuxOnly();
        long pid = pid(request.target());
        if (request.html() != null) {
            checkNew(request.html());
        }
        TargetProcess target = ensureAgent(pid);
        try (JMXConnector connector = connect(target)) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            RemoteResidency scan = firstScan(target, connection);
            if (request.html() == null) {
                out.print(request.json() ? JsonReport.format(pid, scan.residency(), scan.scanCount()) : ResidencyTable.format(scan.residency()));
                return;
            }
            SnapshotScan picture;
            try {
                picture = TemporarySnapshot.take(pid, file -> invokeSnapshot(connection, file));
            } catch (IOException e) {
                throw CommandFailure.failed("cannot read the snapshot of process " + pid + " for the page: "
                        + IoFailure.reason(e));
            }
            // The count of the scan, if the agent's latest scan is still the snapshot's.
            RemoteResidency latest = RemoteResidency.read(connection);
            long count = latest.residency() != null && latest.residency().time().equals(picture.residency().time())
                    ? latest.scanCount() : RemoteResidency.UNKNOWN_COUNT;
            writePage(request.html(), "process " + pid, picture, new RemoteResidency(picture.residency(), count));
        } catch (MBeanException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw CommandFailure.failed("snapshot of process " + pid + " failed: " + cause.getMessage());
        } catch (JMException e) {
            throw CommandFailure.failed("cannot read the MBeans of process " + pid + " (" + e + ")");
        }
    }

    private static SnapshotScan readSnapshot(Path file) throws CommandFailure {
        try {
            return SnapshotScan.read(file);
        } catch (IOException e) {
            throw CommandFailure.failed("cannot read " + file + ": " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static void checkNew(Path file) throws CommandFailure {
        try {
            PrivateFiles.checkNew(file);
        } catch (IOException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    /** Writes the page to {@code file}, a new file readable by its owner only. */
    private void writePage(Path file, String source, SnapshotScan scan, RemoteResidency remote) throws CommandFailure {
        String page = ResidencyPage.format(source, scan, JsonReport.format(scan.pid(), remote.residency(), remote.scanCount()));
        try {
            Path created = PrivateFiles.createNew(file);
            try (FileChannel channel = FileChannel.open(created, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer bytes = ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (IOException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        out.println("wrote " + file);
    }

    /** Asks the agent to write a snapshot to {@code file}, which it creates. */
    private static Path invokeSnapshot(MBeanServerConnection connection, Path file)
            throws IOException, JMException {
        Object written = connection.invoke(ResidencyMBeans.RESIDENCY, "snapshot", new Object[] {file.toString()},
                new String[] {String.class.getName()});
        return Path.of(String.valueOf(written));
    }

    private void snapshot(List<String> args) throws CommandFailure, InterruptedException {
        if (args.size() != 2) {
            throw CommandFailure.usage("usage: snapshot <pid> <file.jfr>");
        }
        linuxOnly();
        long pid = pid(args.get(0));
        // The target writes the file: a relative path means relative to where this command runs.
        Path file = Path.of(args.get(1)).toAbsolutePath().normalize();
        TargetProcess target = ensureAgent(pid);
        try (JMXConnector connector = connect(target)) {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            firstScan(target, connection);
            out.println("wrote " + invokeSnapshot(connection, file));
        } catch (MBeanException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw CommandFailure.failed("snapshot of process " + pid + " failed: " + cause.getMessage());
        } catch (IOException | JMException e) {
            throw CommandFailure.failed("cannot reach the MBeans of process " + pid + " (" + e + ")");
        }
    }

    /** The target, with the agent loaded (with default options) if it was not running yet. */
    private TargetProcess ensureAgent(long pid) throws CommandFailure, InterruptedException {
        TargetProcess target = TargetProcess.of(pid);
        if (!target.agentRunning()) {
            load(target, "");
            err.println(PREFIX + "note: loaded the agent into process " + pid + "; it stays there");
        }
        return target;
    }

    private void load(TargetProcess target, String options) throws CommandFailure, InterruptedException {
        long pid = target.pid();
        warnOfDynamicLoading(pid, Attach.properties(pid));
        Attach.loadAgent(agentJar(), pid, options);
        long deadline = System.nanoTime() + AGENT_START.toNanos();
        while (!target.agentRunning()) {
            if (!target.alive()) {
                throw CommandFailure.failed("process " + pid + " exited");
            }
            if (System.nanoTime() > deadline) {
                throw CommandFailure.failed("the agent did not start in process " + pid
                        + "; its reason is on that process's stderr");
            }
            Thread.sleep(20);
        }
    }

    /**
     * JDK 21+ prints a warning on the target's stderr when an agent is loaded into it while it
     * runs (JEP 451), unless it was started with -XX:+EnableDynamicAgentLoading. Say so here, where
     * the person who caused it looks.
     */
    private void warnOfDynamicLoading(long pid, Attach.VmProperties target) {
        int feature;
        try {
            feature = Integer.parseInt(target.system().getProperty("java.specification.version", "0"));
        } catch (NumberFormatException e) {
            return;
        }
        // Flags from the command line and JAVA_TOOL_OPTIONS, and those from a flags file.
        String flags = target.agent().getProperty("sun.jvm.args", "") + " "
                + target.agent().getProperty("sun.jvm.flags", "");
        if (feature >= 21 && !flags.contains("+EnableDynamicAgentLoading")) {
            err.println(PREFIX + "note: JDK " + feature + " warns on process " + pid + "'s stderr about an agent"
                    + " loaded at run time; start it with -XX:+EnableDynamicAgentLoading or -javaagent: to avoid it");
        }
    }

    private JMXConnector connect(TargetProcess target) throws CommandFailure {
        String address = Attach.localConnectorAddress(target.pid());
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(address));
        } catch (IOException e) {
            throw CommandFailure.failed("cannot connect to the JMX agent of process " + target.pid() + " (" + e + ")");
        }
    }

    /** Waits for the agent's MBeans and first scan (the agent may have been loaded just now). */
    private RemoteResidency firstScan(TargetProcess target, MBeanServerConnection connection)
            throws CommandFailure, IOException, JMException, InterruptedException {
        long deadline = System.nanoTime() + FIRST_SCAN.toNanos();
        while (true) {
            if (connection.isRegistered(ResidencyMBeans.RESIDENCY)) {
                RemoteResidency scan = RemoteResidency.read(connection);
                if (scan.residency() != null) {
                    return scan;
                }
            } else if (!target.agentRunning()) {
                throw CommandFailure.failed("the agent stopped in process " + target.pid()
                        + "; its reason is on that process's stderr");
            }
            if (System.nanoTime() > deadline) {
                throw CommandFailure.failed("the agent in process " + target.pid() + " publishes no MBeans"
                        + " (was it started with jmx=off?)");
            }
            Thread.sleep(50);
        }
    }

    private Path agentJar() throws CommandFailure {
        try {
            Path jar = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                throw CommandFailure.failed("attach needs the packaged jvm-pagemap-agent.jar; this runs from " + jar);
            }
            return jar;
        } catch (URISyntaxException | RuntimeException e) {
            throw CommandFailure.failed("cannot locate jvm-pagemap-agent.jar (" + e + ")");
        }
    }

    private void linuxOnly() throws CommandFailure {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            throw CommandFailure.failed("needs Linux, this is " + osName);
        }
    }

    /** Messages of nested exceptions (RMI's among them) span lines; a failure is said in one. */
    static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static long pid(String text) throws CommandFailure {
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

    private static void noArguments(List<String> args, String command) throws CommandFailure {
        if (!args.isEmpty()) {
            throw CommandFailure.usage(command + " takes no arguments");
        }
    }
}
