package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static io.github.jvmpagemap.samples.it.harness.User.NOBODY;
import static io.github.jvmpagemap.samples.it.harness.User.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Readings;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.harness.SamplesNative;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.List;

/**
 * A JVM forks without exec (the {@code forked} scenario): the child holds the heap's pages
 * copy-on-write, so they are shared. The agent must see it whichever way it reads: pagemap's
 * exclusive bit, or, on the fast path, which skips private anonymous memory while nothing can
 * share it, by noticing the child and reading that memory's entries and frames again. The heap's
 * shared and proportional figures equal smaps Shared_Clean + Shared_Dirty and Pss.
 */
class ForkSharingIT {

    @Cases(collectors = Gc.G1, paths = {PORTABLE, FAST}, users = {SELF, NOBODY})
    @Needs(Requirement.ROOT)
    void heapPagesAForkedChildHoldsAreShared(Case c, Apps apps) throws Exception {
        boolean root = c.user() == SELF;
        boolean measuresShared = root || c.path() == PORTABLE;
        App app = apps.start(c.app("forked").agent("interval=1s").jvmArgs("-Xmx256m", SamplesNative.property()));
        Region heap = app.layout().region(Region.JAVA_HEAP);
        SmapsAgreement.Sharing reading = SmapsAgreement.sharingUntilAgreed(app, Readings.beans(app), heap,
                measuresShared, root);
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        assertTrue(reading.kernel().shared() >= 48L << 20, () -> "the child shares the 64 MiB held: " + reading.kernel());
        Report.Row last = reading.row();
        if (!measuresShared) {
            assertEquals(Report.UNAVAILABLE, last.shared(), app::transcript);
        }
        if (!root) {
            assertEquals(Report.UNAVAILABLE, last.proportional(), app::transcript);
        }
    }
}
