package io.github.jvmpagemap.samples.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One case of a test: the JDK, collector, scan path and user a sample app runs with. {@link #app}
 * gives the launch of a scenario in this case, which a test completes with its own options.
 */
public record Case(Jdk jdk, Gc gc, ScanPath path, User user) {

    /** {@code scenario} with the agent on this case's JDK, path and collector, as this case's user. */
    public Launch app(String scenario) {
        Launch launch = Launch.of(jdk, scenario).through(user.wrapper()).jvmArgs(path.jvmArgs()).jvmArgs(gc.flags());
        return path.agentOptions().isEmpty() ? launch : launch.agent(String.join(",", path.agentOptions()));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(List.of(jdk.toString()));
        Stream.of(gc, path, user).map(Object::toString).filter(s -> !s.isEmpty()).forEach(parts::add);
        return String.join(" ", parts);
    }
}
