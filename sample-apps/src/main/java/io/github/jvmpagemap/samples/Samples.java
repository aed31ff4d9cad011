package io.github.jvmpagemap.samples;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Command line of the sample workloads: {@code <scenario> [seconds]}. Scenario options are
 * system properties, so that the arguments stay the same for every scenario.
 */
public final class Samples {
    private static final String USAGE = "usage: java [-Dsamples.<scenario>.<option>=N] -jar jvm-pagemap-samples.jar"
            + " <scenario> [seconds | stdin]    (without: runs until killed; stdin: until its standard input ends)";
    private static final List<Scenario> SCENARIOS = List.of(
            new IdleScenario(), new ChurnScenario(), new MetaspaceScenario(), new JitScenario(),
            new MapsChurnScenario(), new ForkedScenario(), new MergedScenario(), new RegionsScenario(),
            new NativeScenario(), new FragmentedScenario(), new NamedThreadsScenario(), new WrittenScenario(),
            new PeakScenario());

    private Samples() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 0 || args[0].equals("help")) {
            printHelp();
            return;
        }
        try {
            Scenario scenario = scenario(args[0]);
            Deadline deadline = args.length < 2 ? Deadline.never()
                    : args[1].equals("stdin") ? Deadline.atEndOf(System.in)
                    : Deadline.after(Duration.ofSeconds(Settings.parsePositiveInt("seconds", args[1])));
            if (args.length > 2) {
                throw new BadInputException("unexpected argument '" + args[2]
                        + "' (scenario options are system properties, such as -Dsamples.idle.mib=128)");
            }
            scenario.run(deadline);
        } catch (BadInputException e) {
            System.err.println("samples: " + e.getMessage() + "; scenarios: " + scenarioNames());
            System.exit(2);
        }
    }

    private static Scenario scenario(String name) {
        for (Scenario scenario : SCENARIOS) {
            if (scenario.name().equals(name)) {
                return scenario;
            }
        }
        throw new BadInputException("unknown scenario '" + name + "'");
    }

    private static String scenarioNames() {
        return SCENARIOS.stream().map(Scenario::name).collect(Collectors.joining(", "));
    }

    private static void printHelp() {
        System.out.println(USAGE);
        for (Scenario scenario : SCENARIOS) {
            System.out.printf("  %-10s %s%n", scenario.name(), scenario.description());
        }
    }
}
