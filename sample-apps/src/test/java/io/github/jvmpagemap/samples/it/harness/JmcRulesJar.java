package io.github.jvmpagemap.samples.it.harness;

import java.nio.file.Path;
import java.util.List;

/** The JMC rules jar the build makes (jfr-events), and the rules it must list to JMC, in order. */
public final class JmcRulesJar {
    public static final Path PATH = Path.of(System.getProperty("jvmpagemap.jmcRulesJar",
            "../jfr-events/target/jvm-pagemap-jmc-rules.jar")).toAbsolutePath();
    public static final List<String> RULES = List.of("JvmPagemapHeapInSwap", "JvmPagemapHugePagesNotGiven",
            "JvmPagemapHeldNotUsed", "JvmPagemapPreTouchedHeap");

    private JmcRulesJar() {
    }
}
