package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.agreement.Totals;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.SwapSpace;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Real swap: the test adds a swap file, pushes the first half of an idle app's pre-touched heap
 * out to it (process_madvise MADV_PAGEOUT from a small C helper), and the heap's swapped and
 * resident figures then equal smaps Swap and Rss within 1%, and the swapped figure equals, page
 * for page, the swapped entries the test itself reads from the app's pagemap: so both methods
 * count exactly the pages the kernel has in swap. The swap file is turned off and deleted
 * afterwards.
 */
class SwapIT {
    @Cases(paths = {FAST, PORTABLE})
    @ResourceLock(Locks.SWAP)
    void heapPagesPushedToSwapAreReportedSwappedAsTheKernelSays(Case c, Apps apps) throws Exception {
        // The app ends before the swap file goes (swapoff would read its pages back in).
        try (SwapSpace swap = SwapSpace.create();
                App app = apps.start(c.app("idle").agent("interval=1s").jvmArgs(SwapSpace.PRE_TOUCHED_HEAP))) {
            swap.pageOutHalfTheHeap(app);

            SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, (report, kernel, layout) -> {
                Region heap = layout.region(Region.JAVA_HEAP);
                Report.Row row = report.region(Region.JAVA_HEAP);
                Totals smaps = Totals.smaps(kernel, heap.ranges(), 0);
                List<String> out = new ArrayList<>();
                Expect.check(out, 0.01, smaps.swap(), row.swapped(), "heap swapped vs smaps Swap");
                Expect.check(out, 0.01, smaps.rss(), row.resident(), "heap resident vs smaps Rss");
                Expect.check(out, 0, Totals.pagemap(kernel, heap).swap(), row.swapped(),
                        "heap swapped vs the swapped pagemap entries");
                return out;
            });
            assertEquals(List.of(), reading.mismatches(), app::transcript);
            long swapped = reading.report().region(Region.JAVA_HEAP).swapped();
            assertTrue(swapped >= SwapSpace.HALF_HEAP / 2, () -> "most of the half heap went to swap: " + swapped);
            assertEquals(c.path().method(), reading.report().method(), app::transcript);
        }
    }
}
