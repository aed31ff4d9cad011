package io.github.jvmpagemap.residency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharingBudgetTest {
    private static final long MS = 1_000_000;
    private final List<String> said = new ArrayList<>();

    /**
     * Runs {@code scans} scans of {@code scanMs}, of which {@code workMs} in work for sharing,
     * {@code readsMs} of it in the kernel's reads, {@code filesMs} of those for files.
     */
    private static void scan(SharingBudget budget, int scans, double scanMs, double workMs, double readsMs,
            double filesMs) {
        for (int i = 0; i < scans; i++) {
            boolean measured = budget.measuring();
            budget.scanned((long) (scanMs * MS), measured ? (long) (workMs * MS) : 0,
                    measured ? (long) (readsMs * MS) : 0, measured ? (long) (filesMs * MS) : 0);
        }
    }

    /** As above, with no work beyond the reads. */
    private static void scan(SharingBudget budget, int scans, double scanMs, double readsMs, double filesMs) {
        scan(budget, scans, scanMs, readsMs, readsMs, filesMs);
    }

    @Test
    void leavesMappedFilesUnreadWhenTheReadsForSharingCostMoreThanAQuarterOfTheRest() {
        SharingBudget budget = new SharingBudget(true, said::add);
        scan(budget, SharingBudget.SETTLING_SCANS + SharingBudget.MEASURED_SCANS - 1, 4.0, 3.0, 2.5);
        assertTrue(budget.readsMappedFiles(), "decided only after the whole window");
        scan(budget, 1, 4.0, 3.0, 2.5);
        assertFalse(budget.readsMappedFiles());
        assertEquals(1, said.size(), () -> "one line: " + said);
        // 3 ms of reads beside 1 ms for the rest: 4x the scan without them.
        assertTrue(said.get(0).contains("3.00 ms a scan (2.50 ms for those files) beside 1.00 ms for the rest, 4.00x"),
                said.get(0));
        assertTrue(said.get(0).contains("detail=full"), said.get(0));
        scan(budget, 50, 4.0, 3.0, 2.5);
        assertEquals(1, said.size(), "said once");
        assertFalse(budget.measuring(), "measured no more");
    }

    @Test
    void keepsReadingWhenTheReadsStayWithinAQuarterOfTheRest() {
        SharingBudget budget = new SharingBudget(true, said::add);
        // 2 ms of reads beside 10 ms for the rest: 1.2x.
        scan(budget, 100, 12.0, 2.0, 1.8);
        assertTrue(budget.readsMappedFiles());
        assertTrue(said.isEmpty(), () -> said.toString());
        assertFalse(budget.measuring(), "decided once, then measured no more");
    }

    @Test
    void decidesOnTheMedianScanNotOneSlowOne() {
        SharingBudget budget = new SharingBudget(true, said::add);
        scan(budget, SharingBudget.SETTLING_SCANS, 100.0, 90.0, 90.0);
        scan(budget, 2, 12.0, 11.0, 10.0);
        scan(budget, SharingBudget.MEASURED_SCANS - 2, 12.0, 2.0, 1.8);
        assertTrue(budget.readsMappedFiles(), () -> "settling scans and two slow ones do not decide: " + said);
    }

    @Test
    void measuresOnlyAfterTheSettlingScans() {
        SharingBudget budget = new SharingBudget(true, said::add);
        for (int i = 0; i < SharingBudget.SETTLING_SCANS; i++) {
            assertFalse(budget.measuring(), "scan " + i);
            budget.scanned(MS, 0, 0, 0);
        }
        assertTrue(budget.measuring());
    }

    @Test
    void keepsReadingWhenTheFilesCostNothingOfIt() {
        SharingBudget budget = new SharingBudget(true, said::add);
        // Reads for sharing of the JVM's regions (a child may share the heap): nothing to leave unread.
        scan(budget, 100, 4.0, 3.0, 0.0);
        assertTrue(budget.readsMappedFiles());
        assertTrue(said.isEmpty(), () -> said.toString());
    }

    @Test
    void aBudgetThatDoesNotWeighNeverMeasuresNorDecides() {
        SharingBudget budget = new SharingBudget(false, said::add);
        for (int i = 0; i < 100; i++) {
            assertFalse(budget.measuring());
            budget.scanned(4 * MS, 0, 0, 0);
        }
        assertTrue(budget.readsMappedFiles());
    }

    @Test
    void weighsTheReadsAgainstTheScanWithoutAllTheWorkForSharing() {
        // 10 ms, of which 3 ms for sharing, 2 ms of it reads: 2 ms beside 7 ms is more than a quarter
        // (beside the 8 ms the reads alone leave, it would be exactly a quarter).
        SharingBudget budget = new SharingBudget(true, said::add);
        scan(budget, SharingBudget.SETTLING_SCANS + SharingBudget.MEASURED_SCANS, 10.0, 3.0, 2.0, 1.5);
        assertFalse(budget.readsMappedFiles(), () -> said.toString());
        assertTrue(said.get(0).contains("beside 7.00 ms for the rest"), said.get(0));
    }
}
