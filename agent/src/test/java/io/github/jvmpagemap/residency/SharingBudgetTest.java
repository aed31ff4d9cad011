package io.github.jvmpagemap.residency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.scan.Sharing;
import io.github.jvmpagemap.scan.SharingCost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharingBudgetTest {
    private static final long MS = 1_000_000;
    private final List<String> said = new ArrayList<>();
    private final FakeCost cost = new FakeCost();

    /** A page table's cost of sharing whose clocks run only while timed, by as much as a scan says. */
    private static final class FakeCost implements SharingCost {
        boolean on;
        long reads;
        long work;

        @Override
        public void timing(boolean on) {
            this.on = on;
        }

        @Override
        public long readNanos() {
            return reads;
        }

        @Override
        public long workNanos() {
            return work;
        }

        void spend(double readsMs, double workMs) {
            if (on) {
                reads += (long) (readsMs * MS);
                work += (long) (workMs * MS);
            }
        }
    }

    private SharingBudget budget(boolean weighs) {
        return new SharingBudget(weighs, cost, said::add);
    }

    /**
     * Runs {@code scans} scans of {@code scanMs}, of which {@code workMs} in work for sharing,
     * {@code readsMs} of it in the kernel's reads, {@code filesMs} of those for a mapped file.
     */
    private void scan(SharingBudget budget, int scans, double scanMs, double workMs, double readsMs, double filesMs) {
        for (int i = 0; i < scans; i++) {
            budget.scanStarts();
            Sharing file = budget.mappedFileSharing();
            if (file == Sharing.READ) {
                cost.spend(filesMs, filesMs);
            }
            budget.mappedFileWalked();
            cost.spend(readsMs - filesMs, workMs - filesMs);
            budget.scanEnds((long) (scanMs * MS));
        }
    }

    /** As above, with no work beyond the reads. */
    private void scan(SharingBudget budget, int scans, double scanMs, double readsMs, double filesMs) {
        scan(budget, scans, scanMs, readsMs, readsMs, filesMs);
    }

    @Test
    void leavesMappedFilesUnreadWhenTheReadsForSharingCostMoreThanAQuarterOfTheRest() {
        SharingBudget budget = budget(true);
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
        assertEquals(Sharing.UNREAD, budget.mappedFileSharing(), "mapped files' sharing left unread");
        assertFalse(cost.on, "timed no more");
    }

    @Test
    void keepsReadingWhenTheReadsStayWithinAQuarterOfTheRest() {
        SharingBudget budget = budget(true);
        // 2 ms of reads beside 10 ms for the rest: 1.2x.
        scan(budget, 100, 12.0, 2.0, 1.8);
        assertTrue(budget.readsMappedFiles());
        assertTrue(said.isEmpty(), () -> said.toString());
        assertFalse(budget.measuring(), "decided once, then measured no more");
    }

    @Test
    void decidesOnTheMedianScanNotOneSlowOne() {
        SharingBudget budget = budget(true);
        scan(budget, SharingBudget.SETTLING_SCANS, 100.0, 90.0, 90.0);
        scan(budget, 2, 12.0, 11.0, 10.0);
        scan(budget, SharingBudget.MEASURED_SCANS - 2, 12.0, 2.0, 1.8);
        assertTrue(budget.readsMappedFiles(), () -> "settling scans and two slow ones do not decide: " + said);
    }

    @Test
    void measuresOnlyAfterTheSettlingScans() {
        SharingBudget budget = budget(true);
        for (int i = 0; i < SharingBudget.SETTLING_SCANS; i++) {
            assertFalse(budget.measuring(), "scan " + i);
            scan(budget, 1, 1.0, 0.0, 0.0);
        }
        assertTrue(budget.measuring());
    }

    @Test
    void keepsReadingWhenTheFilesCostNothingOfIt() {
        SharingBudget budget = budget(true);
        // Reads for sharing of the JVM's regions (a child may share the heap): nothing to leave unread.
        scan(budget, 100, 4.0, 3.0, 0.0);
        assertTrue(budget.readsMappedFiles());
        assertTrue(said.isEmpty(), () -> said.toString());
    }

    @Test
    void aBudgetThatDoesNotWeighNeverMeasuresNorDecides() {
        SharingBudget budget = budget(false);
        for (int i = 0; i < 100; i++) {
            assertFalse(budget.measuring());
            scan(budget, 1, 4.0, 3.0, 2.0);
        }
        assertTrue(budget.readsMappedFiles());
        assertFalse(cost.on, "never timed");
        assertEquals(0, cost.reads);
    }

    @Test
    void weighsTheReadsAgainstTheScanWithoutAllTheWorkForSharing() {
        // 10 ms, of which 3 ms for sharing, 2 ms of it reads: 2 ms beside 7 ms is more than a quarter
        // (beside the 8 ms the reads alone leave, it would be exactly a quarter).
        SharingBudget budget = budget(true);
        scan(budget, SharingBudget.SETTLING_SCANS + SharingBudget.MEASURED_SCANS, 10.0, 3.0, 2.0, 1.5);
        assertFalse(budget.readsMappedFiles(), () -> said.toString());
        assertTrue(said.get(0).contains("beside 7.00 ms for the rest"), said.get(0));
    }
}
