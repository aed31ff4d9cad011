package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.region.AddressRange;
import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionLayout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real swap: the test adds a swap file, pushes the first half of an idle app's pre-touched heap
 * out to it (process_madvise MADV_PAGEOUT from a small C helper), and the agent's swapped and
 * resident figures for the heap then equal smaps Swap and Rss within 1%; and both methods count
 * the same swapped pages. The swap file is turned off and deleted afterwards.
 */
class SwapIT {
    static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
    static final long HALF_HEAP = 128L << 20;


    static Stream<Arguments> jdksAndMethods() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "scan"), Arguments.of(jdk, "pagemap")));
    }

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    @ParameterizedTest(name = "{0} method={1}")
    @MethodSource("jdksAndMethods")
    void heapPagesPushedToSwapAreReportedSwappedAsSmapsSays(Jdk jdk, String method) throws Exception {
        assumeScan(jdk, method);
        List<String> flags = new ArrayList<>(HEAP);
        if (method.equals("scan")) {
            flags.add(0, "--enable-native-access=ALL-UNNAMED");
        }
        try (SwapSpace swap = SwapSpace.create();
                ChildJvm app = ChildJvm.start(jdk, "interval=1h,print=1s,method=" + method, flags, "idle")) {
            app.awaitStdout("ready");
            Region heap = heapOf(LayoutOracle.of(jdk, app.pid()));
            AddressRange range = heap.ranges().get(0);
            swap.pageOut(app.pid(), range.start(), range.start() + HALF_HEAP);

            List<String> mismatches = List.of();
            long[] kernel = null;
            PrintedTable.Row row = null;
            for (int attempt = 0, next = app.tables().size() + 1; attempt < SmapsAgreement.ATTEMPTS; attempt++, next++) {
                app.awaitTable(next);
                int index = next;
                kernel = app.whileStopped(() -> new long[] {
                    SmapsFields.sum(app.pid(), heap, "Swap"), SmapsFields.sum(app.pid(), heap, "Rss")});
                row = app.tables().get(index).region(Region.JAVA_HEAP);
                mismatches = new ArrayList<>();
                check(mismatches, 0.01, kernel[0], row.swapped(), "heap swapped vs smaps Swap");
                check(mismatches, 0.01, kernel[1], row.resident(), "heap resident vs smaps Rss");
                if (mismatches.isEmpty()) {
                    break;
                }
            }
            assertEquals(List.of(), mismatches, app::transcript);
            long swapped = kernel[0];
            assertTrue(swapped >= HALF_HEAP / 2, () -> "most of the half heap went to swap: " + swapped);
            assertEquals(method, app.tables().get(app.tables().size() - 1).method(), app::transcript);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void bothMethodsCountTheSameSwappedPages(Jdk jdk) throws Exception {
        assumeScan(jdk, "scan");
        try (SwapSpace swap = SwapSpace.create()) {
            List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "--enable-native-access=ALL-UNNAMED"));
            command.addAll(HEAP);
            command.addAll(List.of("-cp", ChildJvm.AGENT_JAR.toAbsolutePath() + ":"
                    + MethodsAgreeIT.TEST_CLASSES.toAbsolutePath(), BothMethodsMain.class.getName(), "auto", "64",
                    "wait"));
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                StringBuilder said = new StringBuilder();
                for (String line; (line = out.readLine()) != null && !line.equals("ready"); ) {
                    said.append(line).append('\n');
                }
                Region heap = heapOf(LayoutOracle.of(jdk, child.pid()));
                swap.pageOut(child.pid(), heap.ranges().get(0).start(), heap.ranges().get(0).start() + HALF_HEAP);
                OutputStream in = child.getOutputStream();
                in.write('\n');
                in.flush();
                for (String line; (line = out.readLine()) != null; ) {
                    said.append(line).append('\n');
                }
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), said::toString);
                String output = said.toString();
                assertTrue(output.contains(BothMethodsMain.STABLE), output);
                Map<String, String> scan = MethodsAgreeIT.figures(output, "scan ");
                assertEquals(MethodsAgreeIT.figures(output, "pagemap "), scan, output);
                long heapSwapped = Long.parseLong(scan.get("Java Heap/").split(" ")[2]);
                assertTrue(heapSwapped >= HALF_HEAP / 2, () -> "most of the half heap went to swap\n" + output);
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void check(List<String> out, double fraction, long expected, long published, String what) {
        try {
            Expect.within(fraction, expected, published, () -> what);
        } catch (AssertionError e) {
            out.add(e.getMessage());
        }
    }

    private static void assumeScan(Jdk jdk, String method) throws Exception {
        assumeTrue(!method.equals("scan") || jdk.feature() >= 22 && AgentJar.hasJava22Overlay(),
                "method=scan needs JDK 22+ and an agent jar with the overlay");
    }

    private static Region heapOf(RegionLayout layout) {
        return layout.regions().stream().filter(r -> r.name().equals(Region.JAVA_HEAP)).findFirst().orElseThrow();
    }
}
