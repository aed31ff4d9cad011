package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.JmxClient;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A page-map snapshot taken through the MBean of an idle app whose heap is pre-touched and
 * backed by transparent huge pages: the heap's runs cover exactly its committed mappings, the
 * present runs add up to smaps Rss, and with {@code method=scan} the huge runs add up to smaps
 * AnonHugePages (the pagemap path cannot tell huge pages and says resident). Read with both the
 * JDK's parser and JMC's.
 */
class SnapshotMatchesSmapsIT {
    static final String PAGE_RUN = "jvmpagemap.PageRun";

    @TempDir
    Path dir;

    static Stream<Arguments> jdksAndMethods() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "scan"), Arguments.of(jdk, "pagemap")));
    }

    @ParameterizedTest(name = "{0} method={1}")
    @MethodSource("jdksAndMethods")
    void heapRunsAddUpToTheKernelsFigures(Jdk jdk, String method) throws Exception {
        assumeTrue(!method.equals("scan") || jdk.feature() >= 22 && AgentJar.hasJava22Overlay(),
                "method=scan needs JDK 22+ and an agent jar with the overlay");
        boolean thp = !Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[never]");
        List<String> flags = new ArrayList<>(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
        if (thp) {
            flags.add("-XX:+UseTransparentHugePages");
        }
        if (method.equals("scan")) {
            flags.add(0, "--enable-native-access=ALL-UNNAMED");
        }
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1h,detail=basic,method=" + method, flags, "idle");
                JmxClient client = JmxClient.connect(awaitReady(app)).awaitBeans()) {
            Region heap = LayoutOracle.of(jdk, app.pid()).region(Region.JAVA_HEAP);
            Path file = dir.resolve("pagemap.jfr");
            client.connection.invoke(JmxClient.RESIDENCY, "snapshot", new Object[] {file.toString()},
                    new String[] {String.class.getName()});
            long[] kernel = app.whileStopped(() -> new long[] {
                SmapsFields.sum(app.pid(), heap, "Size"), SmapsFields.sum(app.pid(), heap, "Rss"),
                SmapsFields.sum(app.pid(), heap, "AnonHugePages"), SmapsFields.sum(app.pid(), heap, "Swap")});

            Map<String, Long> heapBytes = new HashMap<>();
            for (RecordedEvent run : JfrFiles.events(file, PAGE_RUN)) {
                if (run.getString("region").equals(Region.JAVA_HEAP)) {
                    heapBytes.merge(run.getString("state"), run.getLong("size"), Long::sum);
                }
            }
            long present = heapBytes.getOrDefault("resident", 0L) + heapBytes.getOrDefault("huge", 0L)
                    + heapBytes.getOrDefault("zero", 0L);
            String seen = "heap runs by state " + heapBytes + "; smaps Size, Rss, AnonHugePages, Swap "
                    + List.of(kernel[0], kernel[1], kernel[2], kernel[3]) + "\n" + app.transcript();
            assertEquals(kernel[0], heapBytes.values().stream().mapToLong(Long::longValue).sum(), seen);
            Expect.within(0.01, kernel[1], present, () -> "present runs vs smaps Rss: " + seen);
            assertEquals(kernel[3], heapBytes.getOrDefault("swapped", 0L), seen);
            if (method.equals("scan")) {
                assertTrue(!thp || kernel[2] >= 128L << 20, () -> "THP backs most of the heap: " + seen);
                Expect.within(0.01, kernel[2], heapBytes.getOrDefault("huge", 0L), () -> "huge runs vs"
                        + " smaps AnonHugePages: " + seen);
            } else {
                assertEquals(0L, heapBytes.getOrDefault("huge", 0L), () -> "the pagemap path cannot tell: " + seen);
            }
            assertTrue(JfrFiles.assertJmcAgrees(file, PAGE_RUN, "size") > 0, "JMC reads the runs");
        }
    }

    private static long awaitReady(ChildJvm app) {
        app.awaitStdout("ready");
        return app.pid();
    }
}
