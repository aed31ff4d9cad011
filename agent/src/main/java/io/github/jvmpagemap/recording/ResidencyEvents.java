package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.jfr.MessageEvent;
import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.jfr.ResidencyScanEvent;
import io.github.jvmpagemap.jfr.ThreadStackGroupEvent;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.residency.ThreadCpu;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import java.lang.reflect.Field;
import jdk.jfr.FlightRecorder;

/**
 * The agent's JFR events as periodic events: JFR calls these hooks at the period the running
 * recordings ask for, on its "JFR Periodic Tasks" thread, and only while a recording enables
 * the events, so without one they cost nothing. Each emission uses a scan no older than the
 * shortest period asked for. Until the agent's first scan is done nothing is emitted: JFR's
 * periodic thread is not held up waiting for it (a recording started at launch asks for the
 * events at once, and at exit, which a short-lived program would otherwise wait for). A scan's
 * events are committed once: a period that finds no newer scan commits nothing. Each hook commits
 * all three events of the scan it takes (rows, scan event, thread-stack groups) together, so that
 * no recording holds part of a scan; a recording that gives the three events different periods
 * gets them all at the shortest.
 *
 * <p>A region's figures are set field by field from the {@link Figure} definitions: each figure
 * has the event field of its {@link Figure#id() name}, bound once at registration.
 */
public final class ResidencyEvents {
    private final ResidencySource source;
    private final Field[] figureFields = figureFields();
    /** The scan whose events were committed last, so that no scan's events are committed twice. */
    private Residency committed;

    private ResidencyEvents(ResidencySource source) {
        this.source = source;
    }

    /** Registers the periodic events and the messages' event; the result commits a scan's events on request too. */
    public static ResidencyEvents register(ResidencySource source) {
        ResidencyEvents events = new ResidencyEvents(source);
        FlightRecorder.addPeriodicEvent(RegionResidencyEvent.class, () -> events.emit(RegionResidencyEvent.NAME));
        FlightRecorder.addPeriodicEvent(ResidencyScanEvent.class, () -> events.emit(ResidencyScanEvent.NAME));
        FlightRecorder.addPeriodicEvent(ThreadStackGroupEvent.class, () -> events.emit(ThreadStackGroupEvent.NAME));
        // Registered with the others, on the same thread: an event class registered later, on whatever
        // thread says something first, could meet JDK 17's launch-time recording (see JfrAtLaunch).
        FlightRecorder.register(MessageEvent.class);
        return events;
    }

    /**
     * Commits the events of {@code scan} now, unless they were committed already: for the first
     * scan, which a recording should hold as soon as it is done rather than one period later.
     * Like every commit, the events reach every recording that enables them.
     */
    public synchronized void commitNow(Residency scan) {
        if (scan == null || scan == committed) {
            return;
        }
        committed = scan;
        commitRegions(scan);
        commitScan(scan);
        commitGroups(scan);
    }

    /**
     * The event field of each figure, by the figure's ordinal.
     *
     * @throws IllegalStateException if the event class lacks a figure's field: a build defect
     */
    static Field[] figureFields() {
        Figure[] figures = Figure.values();
        Field[] fields = new Field[figures.length];
        for (Figure figure : figures) {
            try {
                fields[figure.ordinal()] = RegionResidencyEvent.class.getField(figure.id());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(RegionResidencyEvent.NAME + " has no field for the figure "
                        + figure.id(), e);
            }
        }
        return fields;
    }

    /**
     * The hook of {@code eventName}: the events of a scan no older than the shortest period a
     * recording asks of it (the latest, or a new one).
     */
    private void emit(String eventName) {
        if (source.latest() == null) {
            return;
        }
        long cpu = ThreadCpu.now();
        try {
            commitNow(source.fresh(RecordingPeriods.shortest(eventName, source.interval())));
        } finally {
            source.charge(ThreadCpu.since(cpu));
        }
    }

    private void commitRegions(Residency r) {
        long scanTime = r.time().toEpochMilli();
        for (RegionResidency row : r.regions()) {
            RegionResidencyEvent e = new RegionResidencyEvent();
            e.region = row.region();
            e.subRegion = row.subRegion() == null ? "" : row.subRegion();
            e.kind = row.kind().label();
            for (Figure figure : Figure.values()) {
                set(e, figure, row);
            }
            e.scanTime = scanTime;
            e.commit();
        }
    }

    /** Sets the figure's field: a ratio as a 0-1 fraction (JFR's {@code @Percentage}), anything else as is. */
    private void set(RegionResidencyEvent e, Figure figure, RegionResidency row) {
        Field field = figureFields[figure.ordinal()];
        try {
            if (figure.unit() == Figure.Unit.RATIO) {
                field.setDouble(e, row.residentFraction());
            } else {
                field.setLong(e, row.get(figure));
            }
        } catch (IllegalAccessException impossible) {
            // Public fields of a public class, checked when the fields were bound.
            throw new IllegalStateException(impossible);
        }
    }


    private void commitScan(Residency r) {
        ResidencyScanEvent e = new ResidencyScanEvent();
        e.scanTime = r.time().toEpochMilli();
        e.scanDuration = r.durationNanos();
        e.method = r.method();
        e.detail = r.detail().label();
        e.collector = r.collector();
        e.pagesExamined = r.pagesExamined();
        e.attributed = r.attributedBytes();
        e.processResident = r.processResidentBytes();
        e.hugetlb = r.hugetlbBytes();
        e.unattributed = r.unattributedBytes();
        e.extraViews = r.extraViewBytes();
        e.attributedPercent = r.processResidentBytes() > 0
                ? (double) r.attributedBytes() / r.processResidentBytes() : -1;
        e.writeWindow = r.writeWindowNanos();
        e.processPeakResident = r.processPeakResidentBytes();
        e.effectiveInterval = r.effectiveIntervalNanos();
        e.commit();
    }


    private void commitGroups(Residency r) {
        for (ThreadStackGroup group : r.stackGroups()) {
            ThreadStackGroupEvent e = new ThreadStackGroupEvent();
            e.group = group.group();
            e.threads = group.threads();
            e.resident = group.residentBytes();
            e.swapped = group.swappedBytes();
            e.scanTime = r.time().toEpochMilli();
            e.commit();
        }
    }
}
