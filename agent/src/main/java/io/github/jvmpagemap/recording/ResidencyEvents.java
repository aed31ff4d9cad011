package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.jfr.ResidencyScanEvent;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencySource;
import jdk.jfr.FlightRecorder;

/**
 * The agent's JFR events as periodic events: JFR calls these hooks at the period the running
 * recordings ask for, on its "JFR Periodic Tasks" thread, and only while a recording enables
 * the events, so without one they cost nothing. Each emission uses a scan no older than the
 * shortest period asked for. Until the agent's first scan is done nothing is emitted: JFR's
 * periodic thread is not held up waiting for it (a recording started at launch asks for the
 * events at once, and at exit, which a short-lived program would otherwise wait for).
 */
public final class ResidencyEvents {
    private final ResidencySource source;

    private ResidencyEvents(ResidencySource source) {
        this.source = source;
    }

    public static void register(ResidencySource source) {
        ResidencyEvents events = new ResidencyEvents(source);
        FlightRecorder.addPeriodicEvent(RegionResidencyEvent.class, events::emitRegions);
        FlightRecorder.addPeriodicEvent(ResidencyScanEvent.class, events::emitScan);
    }

    private void emitRegions() {
        if (source.latest() == null) {
            return;
        }
        Residency r = source.fresh(RecordingPeriods.shortest(RegionResidencyEvent.NAME, source.interval()));
        if (r == null) {
            return;
        }
        long scanTime = r.time().toEpochMilli();
        for (RegionResidency row : r.regions()) {
            RegionResidencyEvent e = new RegionResidencyEvent();
            e.region = row.region();
            e.subRegion = row.subRegion() == null ? "" : row.subRegion();
            e.start = row.start();
            e.end = row.end();
            e.reserved = row.reservedBytes();
            e.committed = row.committedBytes();
            e.resident = row.residentBytes();
            e.swapped = row.swappedBytes();
            e.hugePage = row.hugePageBytes();
            e.zeroPage = row.zeroPageBytes();
            e.shared = row.sharedBytes();
            e.proportional = row.proportionalBytes();
            e.residentPercent = row.residentFraction();
            e.scanTime = scanTime;
            e.commit();
        }
    }

    private void emitScan() {
        if (source.latest() == null) {
            return;
        }
        Residency r = source.fresh(RecordingPeriods.shortest(ResidencyScanEvent.NAME, source.interval()));
        if (r == null) {
            return;
        }
        ResidencyScanEvent e = new ResidencyScanEvent();
        e.scanTime = r.time().toEpochMilli();
        e.scanDuration = r.durationNanos();
        e.method = r.method();
        e.detail = r.detail();
        e.pagesExamined = r.pagesExamined();
        e.attributed = r.attributedBytes();
        e.processResident = r.processResidentBytes();
        e.unattributed = r.unattributedBytes();
        e.extraViews = r.extraViewBytes();
        e.attributedPercent = r.processResidentBytes() > 0
                ? (double) r.attributedBytes() / r.processResidentBytes() : -1;
        e.commit();
    }
}
