package io.github.jvmpagemap.samples.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.jar.JarFile;

/** The packaged agent jar the tests run, as users do, and what it carries. */
public final class AgentJar {
    public static final Path PATH = Path.of(System.getProperty("jvmpagemap.agentJar",
            "../agent/target/jvm-pagemap-agent.jar")).toAbsolutePath();
    public static final String OVERLAY = "META-INF/versions/22/";
    private static final boolean HAS_OVERLAY = hasOverlay();

    private AgentJar() {
    }

    /** True when the jar was built with JDK 22+ and so carries the FFM overlay. */
    public static boolean hasJava22Overlay() {
        return HAS_OVERLAY;
    }

    private static boolean hasOverlay() {
        try (JarFile jar = new JarFile(PATH.toFile())) {
            return jar.stream().anyMatch(e -> e.getName().startsWith(OVERLAY) && e.getName().endsWith(".class"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent jar " + PATH, e);
        }
    }
}
