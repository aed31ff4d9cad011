package io.github.jvmpagemap.jmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.jfr.ResidencyScanEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/**
 * The rules over recordings this test writes itself, event by event, with figures chosen on
 * either side of each limit: what the rules find is what the test put in.
 */
class RulesOnRecordedEventsTest {
    static final long MIB = 1L << 20;
    static final long START = 1_700_000_000_000L;
    static final long SECOND = 1000;

    @TempDir
    Path dir;

    private final List<Runnable> events = new ArrayList<>();

    @Test
    void unattributedMemoryThatGrowsIsHeldNotUsed() throws Exception {
        for (int i = 0; i < 3; i++) {
            heap(i, 256 * MIB, 64 * MIB, 0);
            scan(i, (100 + 100 * i) * MIB);
        }
        IResult result = evaluate(new HeldNotUsedRule());
        assertEquals(Severity.WARNING, result.getSeverity(), result::getExplanation);
        assertEquals(200 * MIB, result.getResult(HeldNotUsedRule.OUTSIDE_GROWTH).clampedLongValueIn(UnitLookup.BYTE));
        assertTrue(result.getExplanation().contains("no JVM region explains"), result::getExplanation);
    }

    @Test
    void aGrowingProcessCategoryIsNamedInARecordingMadeBeforeRowsCarriedTheirKind() throws Exception {
        for (int i = 0; i < 3; i++) {
            heap(i, 256 * MIB, 64 * MIB, 0);
            row(i, "Native Heap", "", 400 * MIB, (40 + 60 * i) * MIB, 0, 0);
            row(i, "Thread Stacks", "", 20 * MIB, 10 * MIB, 0, 0);
            scan(i, MIB);
        }
        IResult result = evaluate(new HeldNotUsedRule());
        assertEquals(Severity.WARNING, result.getSeverity(), result::getExplanation);
        assertEquals(120 * MIB, result.getResult(HeldNotUsedRule.OUTSIDE_GROWTH).clampedLongValueIn(UnitLookup.BYTE),
                "the categories' growth, not the scans' unattributed bytes");
        assertTrue(result.getExplanation().contains("most of it Native Heap"), result::getExplanation);
    }

    @Test
    void aProcessCategoryIsToldByTheKindTheEventCarries() throws Exception {
        for (int i = 0; i < 3; i++) {
            heap(i, 256 * MIB, 64 * MIB, 0);
            // A category no list of names in the rules knows: only its kind says what it is.
            row(i, "Device Memory", "", "process", 400 * MIB, (40 + 60 * i) * MIB, 0, 0);
            row(i, "Thread Stacks", "", "process", 20 * MIB, 10 * MIB, 0, 0);
            scan(i, MIB);
        }
        IResult result = evaluate(new HeldNotUsedRule());
        assertEquals(Severity.WARNING, result.getSeverity(), result::getExplanation);
        assertEquals(120 * MIB, result.getResult(HeldNotUsedRule.OUTSIDE_GROWTH).clampedLongValueIn(UnitLookup.BYTE));
        assertTrue(result.getExplanation().contains("most of it Device Memory"), result::getExplanation);
    }

    @Test
    void growthUnderTheMinimumIsOkWhateverItsShare() throws Exception {
        for (int i = 0; i < 3; i++) {
            heap(i, 256 * MIB, 64 * MIB, 0);
            scan(i, (1 + 30 * i) * MIB);
        }
        assertEquals(Severity.OK, evaluate(new HeldNotUsedRule()).getSeverity());
    }

    @Test
    void growthUnderTheLimitsIsOk() throws Exception {
        for (int i = 0; i < 3; i++) {
            heap(i, 256 * MIB, 64 * MIB, 0);
            scan(i, (300 + 20 * i) * MIB);
        }
        assertEquals(Severity.OK, evaluate(new HeldNotUsedRule()).getSeverity());
    }

    @Test
    void aHeapResidentFarAboveItsUseAfterAGcIsHeldNotUsed() throws Exception {
        heapAfterGc(4096 * MIB);
        IResult result = evaluate(new HeldNotUsedRule());
        assertEquals(Severity.WARNING, result.getSeverity(), result::getExplanation);
        assertTrue(result.getSummary().startsWith("After a GC the heap had 4"), result::getSummary);
    }

    @Test
    void aHeapResidentNearItsUseAfterAGcIsOk() throws Exception {
        heapAfterGc(8 * MIB);
        assertEquals(Severity.OK, evaluate(new HeldNotUsedRule()).getSeverity());
    }

    @Test
    void metaspaceInSwapIsNamedWithItsPeak() throws Exception {
        for (int i = 0; i < 4; i++) {
            heap(i, 256 * MIB, 64 * MIB, 0);
            row(i, "Metaspace", "", 100 * MIB, 90 * MIB, i == 0 ? 0 : i * MIB, -1);
            scan(i, MIB);
        }
        IResult result = evaluate(new HeapInSwapRule());
        assertEquals(Severity.INFO, result.getSeverity(), result::getExplanation);
        assertEquals("Metaspace", result.getResult(HeapInSwapRule.REGION));
        assertEquals(3 * MIB, result.getResult(HeapInSwapRule.SWAPPED).clampedLongValueIn(UnitLookup.BYTE));
        assertTrue(result.getExplanation().contains("768 pages of 4 KiB"), result::getExplanation);
    }

    @Test
    void noSwappedPageIsOk() throws Exception {
        for (int i = 0; i < 2; i++) {
            heap(i, 256 * MIB, 64 * MIB, 0);
            scan(i, MIB);
        }
        assertEquals(Severity.OK, evaluate(new HeapInSwapRule()).getSeverity());
    }

    @Test
    void scoresClimbThroughJmcsSeveritiesAtTheStatedLimits() {
        assertEquals(Severity.OK, Severity.get(Score.of(0.0099, 0.01, 0.1)));
        assertEquals(Severity.INFO, Severity.get(Score.of(0.01, 0.01, 0.1)));
        assertEquals(Severity.INFO, Severity.get(Score.of(0.099, 0.01, 0.1)));
        assertEquals(Severity.WARNING, Severity.get(Score.of(0.1, 0.01, 0.1)));
        assertEquals(100, Score.of(5, 0.01, 0.1));
        assertEquals(0, Score.of(-1, 0.01, 0.1));
    }

    /**
     * A real GC of this JVM (its jdk.GCHeapSummary events), then a scan of the heap finding
     * {@code aboveUse} more resident than the heap's use after it.
     */
    private void heapAfterGc(long aboveUse) {
        events.add(() -> {
            System.gc();
            long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            RegionResidencyEvent e = new RegionResidencyEvent();
            e.region = "Java Heap";
            e.subRegion = "";
            e.committed = used + aboveUse;
            e.resident = used + aboveUse;
            e.hugePage = 0;
            e.scanTime = System.currentTimeMillis() + 1;
            e.commit();
        });
    }

    private void heap(int scan, long committed, long resident, long swapped) {
        row(scan, "Java Heap", "", committed, resident, swapped, 0);
    }

    /** A row as a recording made before the events carried their kind holds it. */
    private void row(int scan, String region, String subRegion, long committed, long resident, long swapped,
            long hugePage) {
        row(scan, region, subRegion, null, committed, resident, swapped, hugePage);
    }

    private void row(int scan, String region, String subRegion, String kind, long committed, long resident,
            long swapped, long hugePage) {
        events.add(() -> {
            RegionResidencyEvent e = new RegionResidencyEvent();
            e.region = region;
            e.subRegion = subRegion;
            e.kind = kind;
            e.committed = committed;
            e.resident = resident;
            e.swapped = swapped;
            e.hugePage = hugePage;
            e.scanTime = START + scan * SECOND;
            e.commit();
        });
    }

    private void scan(int scan, long unattributed) {
        events.add(() -> {
            ResidencyScanEvent e = new ResidencyScanEvent();
            e.scanTime = START + scan * SECOND;
            e.unattributed = unattributed;
            e.commit();
        });
    }

    /** Records the events so far, reads the file with JMC's parser and runs the rule in JMC's engine. */
    private IResult evaluate(IRule rule) throws Exception {
        Path file = dir.resolve("events.jfr");
        try (Recording r = new Recording()) {
            r.enable(RegionResidencyEvent.NAME);
            r.enable(ResidencyScanEvent.NAME);
            r.enable("jdk.GCHeapSummary");
            r.start();
            events.forEach(Runnable::run);
            r.stop();
            r.dump(file);
        }
        Map<IRule, Future<IResult>> results = RulesToolkit.evaluateParallel(List.of(rule),
                JfrLoaderToolkit.loadEvents(file.toFile()), null, 1);
        return results.get(rule).get();
    }
}
