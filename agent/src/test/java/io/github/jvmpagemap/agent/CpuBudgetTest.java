package io.github.jvmpagemap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuBudgetTest {
    private static final long MS = 1_000_000;
    private static final long SECOND = 1_000 * MS;
    private long now = 5 * SECOND;

    private CpuBudget budget(double cap, Duration interval) {
        return new CpuBudget(cap, interval, () -> now);
    }

    @Test
    void theFirstMinuteIsNotCountedAndScansRunAtTheIntervalAskedFor() {
        CpuBudget budget = budget(0.005, Duration.ofSeconds(1));
        budget.charge(500 * MS);
        assertFalse(budget.counting());
        assertFalse(budget.spent());
        assertEquals(Duration.ofSeconds(1), budget.nextDelay());
        now += 60 * SECOND;
        assertTrue(budget.counting());
        assertFalse(budget.spent(), "the start-up's CPU is not carried over");
    }

    @Test
    void aScanCostingMoreThanTheCapAllowsStretchesTheIntervalUntilItsCpuIsEarnedBack() {
        CpuBudget budget = budget(0.005, Duration.ofSeconds(1));
        now += 60 * SECOND;
        budget.charge(50 * MS);
        assertTrue(budget.spent(), "a request for a scan gets the latest one");
        assertEquals(Duration.ofSeconds(10), budget.nextDelay(), "50 ms at half a percent: 10 s");
        assertEquals(10 * SECOND, budget.effectiveIntervalNanos());
        now += 10 * SECOND;
        assertFalse(budget.spent());
    }

    @Test
    void cheapScansKeepTheIntervalAskedFor() {
        CpuBudget budget = budget(0.005, Duration.ofSeconds(10));
        now += 60 * SECOND;
        budget.charge(20 * MS);
        assertEquals(Duration.ofSeconds(10), budget.nextDelay());
        assertNull(budget.stretchedOnce());
    }

    @Test
    void overAnyTenMinutesTheAgentUsesAtMostTheCapPlusTheLastScan() {
        double cap = 0.005;
        CpuBudget budget = budget(cap, Duration.ofMillis(100));
        now += 60 * SECOND;
        long start = now;
        long charged = 0;
        long cost = 37 * MS;
        // Scans as the agent's thread runs them: each one when the last plan says, plus requests
        // every 50 ms that scan only when the budget is not spent.
        long nextScan = now;
        while (now - start < 600 * SECOND) {
            if (now >= nextScan) {
                budget.charge(cost);
                charged += cost;
                nextScan = now + budget.nextDelay().toNanos();
            } else if (!budget.spent()) {
                budget.charge(cost);
                charged += cost;
            }
            budget.charge(20_000);
            charged += 20_000;
            now += 50 * MS;
        }
        assertTrue(charged <= cap * (now - start) + cost, charged / 1e6 + " ms charged");
        assertTrue(charged >= 0.9 * cap * (now - start), "the budget is used, not wasted: " + charged / 1e6 + " ms");
    }

    @Test
    void theStretchedIntervalIsSaidOnceWithTheScansCostAndTheNewPeriod() {
        CpuBudget budget = budget(0.005, Duration.ofSeconds(1));
        now += 60 * SECOND;
        budget.charge(30 * MS);
        budget.nextDelay();
        assertEquals("maxCpu=0.5%: scans take 30.0 ms of CPU each, more than the cap allows every 1000 ms; the"
                + " background scans run every 6.0 s instead (the effective interval is published with each scan;"
                + " maxCpu=off lifts the cap)", budget.stretchedOnce());
        now += 6 * SECOND;
        budget.charge(30 * MS);
        budget.nextDelay();
        assertNull(budget.stretchedOnce());
    }

    @Test
    void whatTheAgentsThreadUsedOutsideItsTasksIsChargedWhenReconciled() {
        CpuBudget budget = budget(0.005, Duration.ofSeconds(1));
        now += 60 * SECOND;
        budget.reconcile(1_000 * MS);
        budget.chargeOwnThread(20 * MS);
        // The thread used 30 ms since: 10 ms of it outside any task.
        budget.reconcile(1_030 * MS);
        assertEquals(Duration.ofSeconds(6), budget.nextDelay(), "30 ms at half a percent: 6 s");
        budget.chargeOwnThread(5 * MS);
        budget.reconcile(1_035 * MS);
        now += 6 * SECOND;
        assertEquals(Duration.ofSeconds(1), budget.nextDelay(), "all of it charged once");
    }

    @Test
    void offMeansNoCap() {
        CpuBudget budget = budget(0, Duration.ofSeconds(1));
        now += 60 * SECOND;
        budget.charge(10 * SECOND);
        assertFalse(budget.counting());
        assertFalse(budget.spent());
        assertEquals(Duration.ofSeconds(1), budget.nextDelay());
    }

    @Test
    void theCapIsSaidAsTheOptionSpellsIt() {
        assertEquals("0.5", CpuBudget.percent(0.005));
        assertEquals("2", CpuBudget.percent(0.02));
        assertEquals("0.7", CpuBudget.percent(0.007));
    }
}
