package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With {@code -Xms} equal to {@code -Xmx} and {@code -XX:+AlwaysPreTouch} every committed heap
 * page has been written, so the heap's resident figure ({@code report --json}) equals its
 * committed figure, and that is the whole heap. JDK 17's ZGC touches all three views: the extra
 * views then hold twice the heap.
 */
class PreTouchedHeapIT {
    static final long HEAP = 256L << 20;

    static Stream<Arguments> jdksAndCollectors() {
        return ResidencyMatchesSmapsIT.jdksAndCollectors();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCollectors")
    void heapResidentEqualsCommittedWhenPreTouched(Jdk jdk, Gc gc) throws Exception {
        List<String> flags = List.of(gc.flag, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1s", flags, "idle")) {
            app.awaitStdout("ready");
            Report report = CommandLineRun.jsonReport(jdk, app.pid());
            Report.Row heap = report.region(Region.JAVA_HEAP);
            assertEquals(HEAP, heap.committed(), () -> "heap committed is -Xms\n" + app.transcript());
            assertEquals(heap.committed(), heap.resident(), () -> "pre-touched heap resident\n" + app.transcript());
            assertEquals(0, heap.swapped());
            if (jdk.feature() == 17 && gc == Gc.ZGC) {
                Expect.within(0.01, 2 * heap.resident(), report.extraViews(),
                        () -> "JDK 17 ZGC's two extra views of a pre-touched heap\n" + app.transcript());
            } else {
                assertEquals(0, report.extraViews());
            }
        }
    }
}
