package io.github.jvmpagemap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/** {@code jfc}: the JFR settings for the agent's events, as the jar ships them. */
final class JfcCommand implements Command {
    static final String RESOURCE = "/io/github/jvmpagemap/jfr/jvm-pagemap.jfc";

    private final PrintStream out;
    private final String resource;

    JfcCommand(PrintStream out, String resource) {
        this.out = out;
        this.resource = resource;
    }

    @Override
    public void run(List<String> args) throws CommandFailure, IOException {
        Arguments.none(args, "jfc");
        try (InputStream in = JfcCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw CommandFailure.failed("this build carries no JFR settings file (" + resource + ")");
            }
            in.transferTo(out);
        }
    }
}
