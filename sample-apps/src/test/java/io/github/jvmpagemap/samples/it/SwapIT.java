package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.AgentJar;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.SwapSpace;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Range;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real swap: the test adds a swap file, pushes the first half of an idle app's pre-touched heap
 * out to it (process_madvise MADV_PAGEOUT from a small C helper), and the heap's swapped and
 * resident figures of {@code report --json} then equal smaps Swap and Rss within 1%, and the
 * swapped figure equals, page for page, the swapped entries the test itself reads from the app's
 * pagemap: so both methods count exactly the pages the kernel has in swap. The swap file is
 * turned off and deleted afterwards.
 */
class SwapIT {
    static final List<String> HEAP = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
    static final long HALF_HEAP = 128L << 20;


    static Stream<Arguments> jdksAndMethods() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "scan"), Arguments.of(jdk, "pagemap")));
    }

    @ParameterizedTest(name = "{0} method={1}")
    @MethodSource("jdksAndMethods")
    void heapPagesPushedToSwapAreReportedSwappedAsTheKernelSays(Jdk jdk, String method) throws Exception {
        assumeTrue(!method.equals("scan") || jdk.feature() >= 22 && AgentJar.hasJava22Overlay(),
                "method=scan needs JDK 22+ and an agent jar with the overlay");
        List<String> flags = new ArrayList<>(HEAP);
        if (method.equals("scan")) {
            flags.add(0, "--enable-native-access=ALL-UNNAMED");
        }
        try (SwapSpace swap = SwapSpace.create();
                ChildJvm app = ChildJvm.start(jdk, "interval=100ms,method=" + method, flags, "idle")) {
            app.awaitStdout("ready");
            Layout layout = LayoutOracle.of(jdk, app.pid());
            Range range = layout.region(Region.JAVA_HEAP).ranges().get(0);
            swap.pageOut(app.pid(), range.start(), range.start() + HALF_HEAP);

            SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, () -> layout,
                    () -> CommandLineRun.jsonReport(jdk, app.pid()), (report, kernel, l) -> {
                        Region heap = l.region(Region.JAVA_HEAP);
                        Report.Row row = report.region(Region.JAVA_HEAP);
                        SmapsAgreement.Totals smaps = SmapsAgreement.Totals.smaps(kernel, heap.ranges(), 0);
                        List<String> out = new ArrayList<>();
                        SmapsAgreement.check(out, 0.01, smaps.swap, row.swapped(), "heap swapped vs smaps Swap");
                        SmapsAgreement.check(out, 0.01, smaps.rss, row.resident(), "heap resident vs smaps Rss");
                        SmapsAgreement.check(out, 0, SmapsAgreement.Totals.pagemap(kernel, heap).swap, row.swapped(),
                                "heap swapped vs the swapped pagemap entries");
                        return out;
                    });
            assertEquals(List.of(), reading.mismatches(), app::transcript);
            long swapped = reading.report().region(Region.JAVA_HEAP).swapped();
            assertTrue(swapped >= HALF_HEAP / 2, () -> "most of the half heap went to swap: " + swapped);
            assertEquals(method, reading.report().method(), app::transcript);
        }
    }
}
