package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.jfr.MessageEvent;
import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.jfr.ResidencyScanEvent;
import io.github.jvmpagemap.jfr.ThreadStackGroupEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * A recording written by a test, event by event, as the agent's would hold them: rows and scans with
 * chosen figures and scan times, thread-stack groups, messages, and real collections of this JVM.
 */
public final class RecordedScans {
    public static final long MIB = 1L << 20;
    private final List<Runnable> events = new ArrayList<>();

    /** A top-level row or (sub non-null) a sub-row; kind null as a recording made before rows carried it. */
    public RecordedScans row(long scanTime, String region, String sub, String kind, long resident, long swapped) {
        events.add(() -> {
            RegionResidencyEvent e = new RegionResidencyEvent();
            e.region = region;
            e.subRegion = sub == null ? "" : sub;
            e.kind = kind;
            e.committed = resident + swapped;
            e.resident = resident;
            e.swapped = swapped;
            e.hugePage = 0;
            e.largeFolio = -1;
            e.zeroPage = 0;
            e.shared = -1;
            e.proportional = -1;
            e.scanTime = scanTime;
            e.commit();
        });
        return this;
    }

    /** A sub-row of {@code region} whose sub-region name the recording lost (JDK 17's JFR: a pooled string read as null). */
    public RecordedScans rowWithItsNameLost(long scanTime, String region, long resident) {
        events.add(() -> {
            RegionResidencyEvent e = new RegionResidencyEvent();
            e.region = region;
            e.subRegion = null;
            e.resident = resident;
            e.scanTime = scanTime;
            e.commit();
        });
        return this;
    }

    public RecordedScans scan(long scanTime, long vmRss, long attributed) {
        events.add(() -> {
            ResidencyScanEvent e = new ResidencyScanEvent();
            e.scanTime = scanTime;
            e.scanDuration = 5_000_000;
            e.method = "scan";
            e.detail = "basic";
            e.collector = "G1";
            e.pagesExamined = 1000;
            e.attributed = attributed;
            e.processResident = vmRss;
            e.unattributed = vmRss - attributed;
            e.commit();
        });
        return this;
    }

    public RecordedScans group(long scanTime, String group, int threads, long resident) {
        events.add(() -> {
            ThreadStackGroupEvent e = new ThreadStackGroupEvent();
            e.scanTime = scanTime;
            e.group = group;
            e.threads = threads;
            e.resident = resident;
            e.commit();
        });
        return this;
    }

    public RecordedScans message(String severity, String text) {
        events.add(() -> {
            MessageEvent e = new MessageEvent();
            e.severity = severity;
            e.message = text;
            e.commit();
        });
        return this;
    }

    /** A real collection of this JVM, recorded as jdk.GarbageCollection. */
    public RecordedScans gc() {
        events.add(System::gc);
        return this;
    }

    /** Records the events, in order, into a new file. */
    public Path writeTo(Path file) throws IOException {
        try (Recording r = new Recording()) {
            for (String name : List.of(RegionResidencyEvent.NAME, ResidencyScanEvent.NAME, ThreadStackGroupEvent.NAME,
                    MessageEvent.NAME, "jdk.GarbageCollection")) {
                r.enable(name);
            }
            r.start();
            events.forEach(Runnable::run);
            r.stop();
            r.dump(file);
        }
        return file;
    }
}
