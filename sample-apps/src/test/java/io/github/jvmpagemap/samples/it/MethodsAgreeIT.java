package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code method=scan} and {@code method=pagemap} give identical committed, resident and swapped figures
 * for every region of the same idle JVM. Two agents cannot run in one JVM, so the child runs
 * {@link BothMethodsMain} with the agent jar on its class path: both page tables scan the same
 * layout back to back (scan, pagemap, scan), and a result counts only if the two scan passes
 * agree, i.e. nothing moved meanwhile. Every collector, with 4 KiB pages and with transparent
 * huge pages. The scan side reads the mappings by PROCMAP_QUERY (Linux 6.11+) and the pagemap
 * side from the maps file, so committed figures compare the two ways of reading them.
 */
class MethodsAgreeIT {
    static final Path TEST_CLASSES = Path.of("target/test-classes");

    static Stream<Arguments> jdksCollectorsAndPageSizes() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Gc.values()).flatMap(gc -> Stream.of(
                Arguments.of(jdk, gc, "4k"), Arguments.of(jdk, gc, "thp"))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("jdksCollectorsAndPageSizes")
    void scanAndPagemapCountTheSamePagesOfEveryRegion(Jdk jdk, Gc gc, String pages) throws Exception {
        assumeTrue(jdk.feature() >= 22, "PAGEMAP_SCAN through FFM needs JDK 22+; " + jdk + " has the pagemap path only");
        assumeTrue(AgentJar.hasJava22Overlay(), "the agent jar was built without the JDK 22 overlay");
        List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "--enable-native-access=ALL-UNNAMED",
                gc.flag, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
        if (pages.equals("thp")) {
            command.add("-XX:+UseTransparentHugePages");
        }
        command.addAll(List.of("-cp", ChildJvm.AGENT_JAR.toAbsolutePath() + ":" + TEST_CLASSES.toAbsolutePath(),
                BothMethodsMain.class.getName(), "auto", "64"));
        String output = ChildJvm.run(command);

        assertTrue(output.contains(BothMethodsMain.STABLE), output);
        assertFalse(output.contains("WARNING"), () -> "no JDK warning banner\n" + output);
        Map<String, String> scan = figures(output, "scan ");
        Map<String, String> pagemap = figures(output, "pagemap ");
        assertTrue(scan.size() >= 5, () -> "a row per region\n" + output);
        assertEquals(pagemap, scan, output);
        String expectedMaps = ScanPath.kernelAtLeast(6, 11) ? "PROCMAP_QUERY" : "maps file";
        assertTrue(output.contains("maps read by " + expectedMaps + " and by maps file"),
                () -> "the scan side asks the kernel for its mappings where it can (Linux 6.11+)\n" + output);
        long heapResident = Long.parseLong(scan.get("Java Heap/").split(" ")[1]);
        assertEquals(256L << 20, heapResident, () -> "the pre-touched heap is all resident\n" + output);
    }

    /** Region to "committed resident swapped", from the lines of one method. */
    static Map<String, String> figures(String output, String prefix) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(prefix)) {
                String rest = line.substring(prefix.length());
                String[] words = rest.split(" ");
                int numbers = rest.length();
                for (int w = 1; w <= 3; w++) {
                    numbers -= words[words.length - w].length() + 1;
                }
                rows.put(rest.substring(0, numbers), rest.substring(numbers + 1));
            }
        }
        return rows;
    }
}
