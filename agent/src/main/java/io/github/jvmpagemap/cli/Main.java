package io.github.jvmpagemap.cli;

/** {@code java -jar jvm-pagemap-agent.jar <command>}: see {@link CommandLine}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(System.out, System.err).run(args));
    }
}
