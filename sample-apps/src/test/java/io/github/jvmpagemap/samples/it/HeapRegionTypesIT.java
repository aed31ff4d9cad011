package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.KernelView;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.jvm.HeapRegionTable;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap split by region type. G1: on an app holding old, humongous, survivor and eden objects,
 * each sub-region's reserved and committed bytes equal those of its regions in the JVM's own
 * region table (read by the tests from {@code VM.info}) and its resident bytes the kernel's
 * (smaps and pagemap over those regions) within 1%; the sub-regions add up to the heap. With
 * {@code -Xms} equal to {@code -Xmx}, the old regions a full collection frees are then shown in
 * {@code G1 Free}, still resident. Shenandoah: each kind of region (regular, humongous, ..., free)
 * against its regions in the table and smaps, the same way. ZGC: each type of page (by generation on
 * JDK 25, by size class on JDK 17) and {@code ZGC Free} against the page table and the maps, and
 * resident bytes against smaps (JDK 25) or, where the heap is mapped three times (JDK 17), the
 * pagemap entries of every view.
 */
class HeapRegionTypesIT {
    static final long MIB = 1L << 20;
    /**
     * A young generation large enough that eden is not collected while the app idles; regions of
     * 4 MiB, so that what the app allocates between the agent's scan and the tests' reading of
     * the table (the agent's scan and re-read, the JMX reply: a few hundred KiB) seldom moves eden
     * into a new region. The agent scans each second, so that a scan in the background rarely
     * comes between the report and that reading.
     */
    static final List<String> G1 = List.of("-XX:+UseG1GC", "-Xms512m", "-Xmx512m", "-Xmn128m",
            "-XX:G1HeapRegionSize=4m");
    static final String OPTIONS = "interval=1s";
    /** What the scenario leaves dead in old regions ({@code RegionsScenario}: 48 MiB), less some slack. */
    static final long FREED_AT_LEAST = 40 * MIB;

    /**
     * Shenandoah with 4 MiB regions, as G1 above: the scenario's humongous arrays take 2.5 regions
     * and what the app allocates between a scan and the oracle's reading seldom takes a new region;
     * at 256 KiB (the regions of a 512 MiB heap) a JMX reply alone moves regions between kinds.
     */
    static final List<String> SHENANDOAH = List.of("-XX:+UseShenandoahGC", "-Xms2g", "-Xmx2g",
            "-XX:+UnlockExperimentalVMOptions", "-XX:ShenandoahRegionSize=4m");

    /** ZGC at 512 MiB: the scenario's arrays of 1 MiB go on medium pages, those of 2.5 MiB on large ones. */
    static final List<String> ZGC = List.of("-XX:+UseZGC", "-Xms512m", "-Xmx512m");

    @Cases
    void eachG1RegionTypeMatchesTheRegionTableAndSmapsAndOldRegionsFreedMoveToG1FreeStillResident(Case c, Apps apps)
            throws Exception {
        App app = apps.start(c.app("regions").agent(OPTIONS).jvmArgs(G1));
        Report before = agreed(app, HeapRegionTable.G1).report();
        for (Report.Row type : before.subRegionsOf(Region.JAVA_HEAP)) {
            assertTrue(type.committed() > 0 && type.resident() > 0, () -> "every type in use: " + type);
        }
        assertEquals(List.of(), before.problems());

        app.jvm().gcRun();
        Report after = agreed(app, HeapRegionTable.G1).report();
        Report.Row heapBefore = before.region(Region.JAVA_HEAP);
        Report.Row heapAfter = after.region(Region.JAVA_HEAP);
        assertEquals(heapBefore.committed(), heapAfter.committed(), "-Xms = -Xmx: G1 uncommits nothing");
        long freed = row(after, "G1 Free").resident() - row(before, "G1 Free").resident();
        assertTrue(freed >= FREED_AT_LEAST, () -> "G1 Free gained " + freed + " resident bytes:\n" + before
                + "\n" + after);
        assertTrue(row(after, "G1 Old Gen").committed() < row(before, "G1 Old Gen").committed(),
                () -> "old regions freed:\n" + before + "\n" + after);
        assertTrue(heapAfter.resident() >= heapBefore.resident() * 0.99, () -> "the heap keeps its resident"
                + " pages:\n" + before + "\n" + after);
    }

    @Cases
    void eachShenandoahRegionStateMatchesTheRegionTableAndSmaps(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("regions").agent(OPTIONS).jvmArgs(SHENANDOAH));
        SmapsAgreement.Reading reading = agreed(app, HeapRegionTable.SHENANDOAH);
        List<Report.Row> kinds = reading.report().subRegionsOf(Region.JAVA_HEAP);
        for (String kind : List.of("Shenandoah Regular", "Shenandoah Humongous", "Shenandoah Free")) {
            assertTrue(row(reading.report(), kind).committed() > 0, () -> kind + " in use: " + kinds);
        }
        assertEquals(List.of(), reading.report().problems());
    }

    @Cases
    void eachZgcPageTypeMatchesThePageTableAndSmaps(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("regions").agent(OPTIONS).jvmArgs(ZGC));
        SmapsAgreement.Reading reading = agreed(app, c.jdk().feature() >= 21 ? HeapRegionTable.ZGC_GENERATIONS
                : HeapRegionTable.ZGC_SIZE_CLASSES);
        List<Report.Row> types = reading.report().subRegionsOf(Region.JAVA_HEAP);
        // Free pages are resident once a collection has freed pages the app had used, which a
        // loaded machine may not have come to yet: committed is enough for them.
        for (Report.Row type : types) {
            assertTrue(type.committed() > 0 && (type.resident() > 0 || type.subRegion().endsWith(" Free")),
                    () -> "every type in use: " + types);
        }
        assertEquals(List.of(), reading.report().problems());
    }

    /** The first reading in which the heap and its types, named {@code types}, agree with the region table and smaps. */
    private static SmapsAgreement.Reading agreed(App app, List<String> types) throws Exception {
        SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, HeapRegionTypesIT::mismatches);
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        assertEquals(types, reading.report().subRegionsOf(Region.JAVA_HEAP).stream().map(Report.Row::name).toList());
        return reading;
    }

    /** The heap and its types against the oracle and the kernel; the types' sums against the heap. */
    static List<String> mismatches(Report report, KernelView kernel, Layout layout) throws IOException {
        List<String> out = new ArrayList<>(SmapsAgreement.mismatchesOf(Region.JAVA_HEAP)
                .mismatches(report, kernel, layout));
        SmapsAgreement.typesAddUp(out, report.region(Region.JAVA_HEAP), report.subRegionsOf(Region.JAVA_HEAP));
        return out;
    }

    private static Report.Row row(Report report, String type) {
        return report.subRegionsOf(Region.JAVA_HEAP).stream().filter(r -> r.name().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + report));
    }
}
