package io.github.jvmpagemap.cli;

import io.github.jvmpagemap.view.TerminalText;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar jvm-pagemap-agent.jar <command>}: {@code list}, {@code attach}, {@code report},
 * {@code snapshot}, {@code jfc}, {@code help}. Results go to stdout; a failure is one line on
 * stderr and a non-zero exit (1 failed, 2 bad usage), never a stack trace.
 */
final class CommandLine {
    static final String PREFIX = "jvm-pagemap: ";
    static final String USAGE = """
            usage: java -jar jvm-pagemap-agent.jar <command>
              list                          the JVMs this user can attach to
              attach <pid> [options]        load the agent into a running JVM (options as after -javaagent:...=)
              report <pid> [--json]         print the residency table of a running JVM, loading the agent if needed
              report <pid> --html <file>    write a new self-contained page: the table, VmRSS by row, residency maps
              report <pid> --written <duration> [--json | --html <file>]
                                            watch which pages are written for that long (2s), then report with the
                                            Written and Untracked columns (JDK 22+ with native access)
              report <file.jfr> [--json | --html <file>]
                                            the same from a page-map snapshot file
              report <recording.jfr> [more.jfr ...] [--rows all] [--json | --html <file>]
                                            a recording of the agent's events: the summary of each row over
                                            time, the series as JSON, or a timeline page
              snapshot <pid> <file.jfr>     write a full-fidelity page map of a running JVM to a new .jfr file
              jfc                           print the JFR settings for the agent's events
              help                          this text
            exit status: 0 done, 1 failed, 2 bad usage
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, Command> commands;

    CommandLine(PrintStream out, PrintStream err) {
        this(out, err, System.getProperty("os.name", ""), JfcCommand.RESOURCE);
    }

    CommandLine(PrintStream out, PrintStream err, String osName, String jfcResource) {
        this.out = out;
        this.err = err;
        AgentLoader loader = new AgentLoader(err);
        this.commands = Map.of(
                "list", new ListCommand(out, osName),
                "attach", new AttachCommand(out, loader, osName),
                "report", new ReportCommand(out, loader, osName),
                "snapshot", new SnapshotCommand(out, loader, osName),
                "jfc", new JfcCommand(out, jfcResource));
    }

    /** Runs one command and returns the exit code. */
    int run(String... args) {
        try {
            if (args.length == 0) {
                err.print(USAGE);
                return CommandFailure.USAGE;
            }
            if (List.of("help", "--help", "-h").contains(args[0])) {
                out.print(USAGE);
                return 0;
            }
            Command command = commands.get(args[0]);
            if (command == null) {
                throw CommandFailure.usage("unknown command '" + args[0]
                        + "'; commands: list, attach, report, snapshot, jfc, help");
            }
            command.run(Arrays.asList(args).subList(1, args.length));
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

    /**
     * Messages of nested exceptions (RMI's among them) span lines; a failure is said in one, and
     * what it quotes (a path, a name) cannot act on the terminal.
     */
    static String oneLine(String message) {
        return TerminalText.visible(message.replaceAll("\\s*\\R\\s*", " "));
    }
}
