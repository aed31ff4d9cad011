package io.github.jvmpagemap.samples.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How a sample app is started: on which JDK, through which wrapper (setpriv, unshare), with which
 * agent options (none: without the agent) and JVM arguments, which scenario for how long, and the
 * line on its stdout that says it is ready (null: nothing is waited for). A value: equal launches
 * may share one app ({@link Apps#shared}). Made from a {@link Case}, or with {@link #of}.
 */
public record Launch(Jdk jdk, List<String> wrapper, List<String> agentOptions, List<String> jvmArgs, String scenario,
        List<String> appArgs, String readyLine) {
    /** The samples' argument that makes a scenario run until its standard input ends. */
    private static final String UNTIL_INPUT_ENDS = "stdin";
    public static final Path SAMPLES_JAR = Path.of(System.getProperty("jvmpagemap.samplesJar",
            "target/jvm-pagemap-samples.jar")).toAbsolutePath();

    public Launch {
        wrapper = List.copyOf(wrapper);
        agentOptions = agentOptions == null ? null : List.copyOf(agentOptions);
        jvmArgs = List.copyOf(jvmArgs);
        appArgs = List.copyOf(appArgs);
    }

    /** {@code scenario} on {@code jdk} with the agent (its default options), ready when the scenario says so. */
    public static Launch of(Jdk jdk, String scenario) {
        return new Launch(jdk, List.of(), List.of(), List.of(), scenario, List.of(), readyLine(scenario));
    }

    /** The line each scenario prints once it has set up what it holds: "running" for those that keep working. */
    private static String readyLine(String scenario) {
        return switch (scenario) {
            case "churn", "maps-churn" -> scenario + ": running";
            default -> "ready";
        };
    }

    /** With these agent options too ({@code key=value,...}), after those already given. */
    public Launch agent(String options) {
        if (agentOptions == null) {
            throw new IllegalStateException("agent options for a launch without the agent");
        }
        List<String> all = new ArrayList<>(agentOptions);
        all.addAll(List.of(options.split(",")));
        return new Launch(jdk, wrapper, all, jvmArgs, scenario, appArgs, readyLine);
    }

    /** Without the agent. */
    public Launch withoutAgent() {
        return new Launch(jdk, wrapper, null, jvmArgs, scenario, appArgs, readyLine);
    }

    /** With these JVM arguments too, after those already given. */
    public Launch jvmArgs(String... args) {
        return jvmArgs(List.of(args));
    }

    public Launch jvmArgs(List<String> args) {
        return new Launch(jdk, wrapper, agentOptions, Stream.concat(jvmArgs.stream(), args.stream()).toList(), scenario,
                appArgs, readyLine);
    }

    /** The scenario ends by itself after {@code seconds} (and the JVM exits); without, it runs until killed. */
    public Launch seconds(int seconds) {
        return new Launch(jdk, wrapper, agentOptions, jvmArgs, scenario, List.of(Integer.toString(seconds)),
                readyLine);
    }

    /**
     * The scenario ends, and the JVM exits as at a deadline, when the test says so
     * ({@link App#end}): not after a fixed time, which a loaded machine may use up before the
     * app has done what the test waits for.
     */
    public Launch endsWhenTold() {
        return new Launch(jdk, wrapper, agentOptions, jvmArgs, scenario, List.of(UNTIL_INPUT_ENDS), readyLine);
    }

    /** True if the scenario runs until the test tells it to end. */
    boolean isEndedByTheTest() {
        return appArgs.equals(List.of(UNTIL_INPUT_ENDS));
    }

    /** Started through {@code command} (e.g. {@code unshare -m sh -c ...}), before any wrapper given already. */
    public Launch through(List<String> command) {
        return new Launch(jdk, Stream.concat(command.stream(), wrapper.stream()).toList(), agentOptions, jvmArgs,
                scenario, appArgs, readyLine);
    }

    /**
     * Started in a mount namespace of its own with {@code file} bind-mounted over {@code target}
     * ({@code $$} there is the app's pid), before any wrapper given already: the mount is made as
     * root, then the app runs as that wrapper says (setpriv).
     */
    public Launch withMount(String file, String target) {
        return through(List.of("unshare", "-m", "sh", "-c", "mount --bind " + file + " " + target
                + " && exec \"$0\" \"$@\""));
    }

    /** Ready once its stdout has a line containing {@code text}; null: {@link Apps#start} returns at once. */
    public Launch readyWhen(String text) {
        return new Launch(jdk, wrapper, agentOptions, jvmArgs, scenario, appArgs, text);
    }

    /** The whole command line. */
    List<String> command() {
        List<String> command = new ArrayList<>(wrapper);
        command.add(jdk.java().toString());
        if (agentOptions != null) {
            command.add("-javaagent:" + AgentJar.PATH + (agentOptions.isEmpty() ? "" : "=" + String.join(",",
                    agentOptions)));
        }
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(SAMPLES_JAR.toString());
        command.add(scenario);
        command.addAll(appArgs);
        return command;
    }
}
