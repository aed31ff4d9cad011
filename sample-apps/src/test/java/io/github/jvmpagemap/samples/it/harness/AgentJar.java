package io.github.jvmpagemap.samples.it.harness;

import java.io.IOException;
import java.util.jar.JarFile;

/** What the packaged agent jar carries. */
public final class AgentJar {
    public static final String OVERLAY = "META-INF/versions/22/";

    private AgentJar() {
    }

    /** True when the jar was built with JDK 22+ and so carries the FFM overlay. */
    public static boolean hasJava22Overlay() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            return jar.stream().anyMatch(e -> e.getName().startsWith(OVERLAY) && e.getName().endsWith(".class"));
        }
    }
}
