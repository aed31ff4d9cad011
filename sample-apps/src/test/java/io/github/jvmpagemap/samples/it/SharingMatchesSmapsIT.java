package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static io.github.jvmpagemap.samples.it.harness.User.NOBODY;
import static io.github.jvmpagemap.samples.it.harness.User.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.agreement.Readings;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.Report;
import java.util.ArrayList;
import java.util.List;

/**
 * Two JVMs of one JDK map the same CDS archive, so its pages are shared: for every region of the
 * one with the agent, {@code shared} equals smaps Shared_Clean + Shared_Dirty, and as root
 * {@code proportional} equals smaps Pss. On the pagemap path shared comes from pagemap's
 * exclusive bit and needs no privilege; PAGEMAP_SCAN cannot tell it, so there it needs the
 * frames (root) and is -1 without.
 */
class SharingMatchesSmapsIT {

    /** As root, who reads frames, and as nobody, whom root drops to. */
    @Cases(paths = {PORTABLE, FAST}, users = {SELF, NOBODY})
    @Needs(Requirement.ROOT)
    void sharedAndProportionalMatchSmapsWithAnArchiveSharedByTwoJvms(Case c, Apps apps) throws Exception {
        // The other JVM, without the agent, serves every case of its JDK.
        apps.shared(Launch.of(c.jdk(), "idle").withoutAgent().jvmArgs("-Xmx128m"));
        App app = apps.start(c.app("idle").agent("interval=1s").jvmArgs("-Xmx128m"));
        Layout layout = app.layout();
        boolean root = c.user() == SELF;
        boolean measuresShared = root || c.path() == PORTABLE;
        // The app moves a figure between the scan and smaps (the JIT compiles what the tests' own
        // connection runs into the code cache; a GC): smaps read before and after each scan.
        Readings.Reading<List<SmapsFields.Sharing>> reading = Readings.aroundEachScan(app, Readings.beans(app),
                () -> app.whileStopped(() -> {
                    List<SmapsFields.Sharing> figures = new ArrayList<>();
                    for (Region region : layout.regions()) {
                        figures.add(SmapsFields.sharing(app.pid(), region.ranges()));
                    }
                    return figures;
                }), (report, before, after) -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < layout.regions().size(); i++) {
                        Region region = layout.regions().get(i);
                        Report.Row row = report.region(region.name());
                        if (measuresShared) {
                            Expect.checkBetween(mismatches, 0.01, before.get(i).shared(), after.get(i).shared(),
                                    row.shared(), region.name() + " shared vs smaps Shared_Clean + Shared_Dirty");
                        }
                        if (root) {
                            Expect.checkBetween(mismatches, 0.01, before.get(i).pss(), after.get(i).pss(),
                                    row.proportional(), region.name() + " proportional vs smaps Pss");
                        }
                    }
                    return mismatches;
                });
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Report last = reading.report();
        assertTrue(last.region(Region.CDS_ARCHIVE).shared() > (1 << 20) || !measuresShared,
                () -> "the archive is shared with the other JVM: " + last.region(Region.CDS_ARCHIVE).shared());
        for (Report.Row row : last.rows()) {
            if (!measuresShared) {
                assertEquals(Report.UNAVAILABLE, row.shared(), () -> row.name() + " shared");
            }
            if (!root) {
                assertEquals(Report.UNAVAILABLE, row.proportional(), () -> row.name() + " proportional");
            }
        }
        assertEquals(List.of(), last.problems(), app::transcript);
    }
}
