package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.AgentJar;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The packaged agent jar is self-contained: every entry point, nothing bundled left unrelocated. */
class AgentJarIT {

    @Test
    void manifestNamesTheAgentEntryPointsAndIsMultiRelease() throws Exception {
        try (JarFile jar = new JarFile(AgentJar.PATH.toFile())) {
            Manifest m = jar.getManifest();
            assertEquals("io.github.jvmpagemap.agent.PagemapAgent", m.getMainAttributes().getValue("Premain-Class"));
            assertEquals("io.github.jvmpagemap.agent.PagemapAgent", m.getMainAttributes().getValue("Agent-Class"));
            assertEquals("true", m.getMainAttributes().getValue("Multi-Release"));
            assertFalse(m.getMainAttributes().containsKey(new java.util.jar.Attributes.Name("Launcher-Agent-Class")));
        }
    }

    @Test
    void buildWithJdk22OrNewerCarriesTheFfmOverlay() throws Exception {
        // Failsafe runs on the JDK that ran the build, so this says what the build should have made.
        boolean builtOn22 = Runtime.version().feature() >= 22;
        assertEquals(builtOn22, AgentJar.hasJava22Overlay(), "overlay present exactly when built on JDK 22+");
    }

    @Test
    void everyClassIsOurOwnOrRelocated() throws Exception {
        try (JarFile jar = new JarFile(AgentJar.PATH.toFile())) {
            jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                    .map(n -> n.startsWith(AgentJar.OVERLAY) ? n.substring(AgentJar.OVERLAY.length()) : n)
                    .forEach(n -> assertTrue(n.startsWith("io/github/jvmpagemap/"), () -> "not relocated: " + n));
        }
    }

    @Test
    void carriesNeitherTheJmcRulesNorAnythingOfJmc() throws Exception {
        try (JarFile jar = new JarFile(AgentJar.PATH.toFile())) {
            jar.stream().map(e -> e.getName()).forEach(n -> assertFalse(n.startsWith("io/github/jvmpagemap/jmc/")
                    || n.contains("org/openjdk/jmc") || n.contains("org.openjdk.jmc") || n.equals("plugin.xml"),
                    () -> "the JMC rules belong in their own jar: " + n));
        }
    }
}
