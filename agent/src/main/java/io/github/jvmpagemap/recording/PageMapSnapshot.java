package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.residency.RunConsumer;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageRuns;
import io.github.jvmpagemap.scan.PageSink;
import io.github.jvmpagemap.scan.PageState;
import io.github.jvmpagemap.scan.PageTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmc.flightrecorder.writer.api.Recording;
import org.openjdk.jmc.flightrecorder.writer.api.Recordings;
import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.TypeStructureBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.Types;

/**
 * A full-fidelity page map as a .jfr file JDK Mission Control opens: one
 * {@code jvmpagemap.PageRun} event per run of same-state pages per region and sub-region, and
 * one {@code jvmpagemap.PageMapSnapshot} event saying how the pages were read and which states
 * that method tells apart. The file grows with the number of runs, not of pages. The runs come
 * from a scan's own walk ({@link ResidencyScanner#scan(RunConsumer)}), so the page map and the
 * figures of that scan describe the same instant. Written with JMC's stand-alone writer,
 * registered the way the JDK's {@code jfr} tool and JMC both read (startTime first, every
 * field written, the content-type annotations registered as annotation types).
 */
public final class PageMapSnapshot implements RunConsumer {
    public static final String EVENT_NAME = "jvmpagemap.PageRun";
    public static final String INFO_EVENT_NAME = "jvmpagemap.PageMapSnapshot";
    static final String CATEGORY = "JVM Pagemap";

    private final Recording recording;
    private final Type pageRun;
    private final PageRuns runs = new PageRuns(new Writer());
    private Region region;
    private int sub;
    private String subRegion;
    private String error;

    private PageMapSnapshot(Recording recording) {
        this.recording = recording;
        this.pageRun = registerPageRun(recording);
    }

    /**
     * Scans with {@code scanner}, writing the scan's page map to {@code file}, which must not
     * exist; it is created readable by its owner only, and removed again if the map cannot be
     * written whole. Call on the thread that owns the scanner.
     *
     * @return the scan whose walk the page map comes from
     */
    public static Residency write(Path file, ResidencyScanner scanner) throws IOException {
        Path created = PrivateFiles.createNew(file);
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(created, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            Residency scan;
            PageMapSnapshot snapshot;
            // The writer merges its chunk data on a thread of its own, not a daemon, that only close()
            // ends: closed whatever happens, it can hold an exiting JVM up only while a snapshot is
            // being written.
            try (Recording recording = Recordings.newRecording(out)) {
                snapshot = new PageMapSnapshot(recording);
                snapshot.writeInfo(scanner.pageTable());
                scan = scanner.scan(snapshot);
                snapshot.runs.flush();
            }
            if (snapshot.error != null) {
                throw new IOException("the page map is incomplete: " + snapshot.error);
            }
            done = true;
            return scan;
        } finally {
            if (!done) {
                Files.deleteIfExists(created);
            }
        }
    }

    /** Fails, saying why, if {@link #write} could not create {@code file}; creates nothing. */
    public static void checkPath(Path file) throws IOException {
        PrivateFiles.checkNew(file);
    }

    /** The states a page table tells apart, in the words of the {@code state} field. */
    static List<String> statesToldApart(PageTable pages) {
        List<String> states = new ArrayList<>();
        for (PageState state : PageState.values()) {
            if (state == PageState.HUGE && !pages.measures(Capability.HUGE_PAGES)
                    || state == PageState.ZERO && !pages.measures(Capability.ZERO_PAGES)) {
                continue;
            }
            states.add(state.label());
        }
        return states;
    }

    @Override
    public void run(Region region, int sub, long from, long to, long state) {
        if (region != this.region || sub != this.sub) {
            runs.flush();
            this.region = region;
            this.sub = sub;
            this.subRegion = sub < 0 ? "" : region.subRegions().get(sub).name();
        }
        runs.run(from, to, PageState.of(state).ordinal());
    }

    @Override
    public void error(Region region, String message) {
        if (error == null) {
            error = region.name() + ": " + message;
        }
    }

    /** Writes each merged run as an event. */
    private final class Writer implements PageSink {
        private final PageState[] states = PageState.values();

        @Override
        public void run(long from, long to, long state) {
            PageState pageState = states[(int) state];
            recording.writeEvent(pageRun.asValue(v -> v
                    .putField("startTime", System.nanoTime())
                    .putField("region", region.name())
                    .putField("subRegion", subRegion)
                    .putField("start", from)
                    .putField("end", to)
                    .putField("size", to - from)
                    .putField("state", pageState.label())));
        }

        @Override
        public void error(String message) {
            // Errors reach the snapshot through RunConsumer.error.
        }
    }

    private void writeInfo(PageTable pages) {
        Types types = recording.getTypes();
        Type info = recording.registerType(INFO_EVENT_NAME, "jdk.jfr.Event", b -> withStartTime(b)
                .addField("method", Types.Builtin.STRING, f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "Method")
                        .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION, "How the page tables were read: pagemap or scan"))
                .addField("detail", Types.Builtin.STRING, f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "Detail")
                        .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION, "basic, or full (kpageflags and kpagecount)"))
                .addField("states", Types.Builtin.STRING, f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "States")
                        .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION, "The page states this method tells apart,"
                                + " separated by commas; a huge or zero page it cannot tell shows as resident"))
                .addAnnotation(Types.JDK.ANNOTATION_LABEL, "Page Map Snapshot")
                .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION,
                        "How the page runs of this file were read, and which states they tell apart")
                .addAnnotation(types.getType(Types.JDK.ANNOTATION_CATEGORY),
                        v -> v.putField("value", new String[] {CATEGORY})));
        String states = String.join(", ", statesToldApart(pages));
        recording.writeEvent(info.asValue(v -> v
                .putField("startTime", System.nanoTime())
                .putField("method", pages.method())
                .putField("detail", pages.detail().label())
                .putField("states", states)));
    }

    /** An event's first field, as the JDK's parser expects it: the start time in ticks. */
    private static TypeStructureBuilder withStartTime(TypeStructureBuilder event) {
        return event.addField("startTime", Types.Builtin.LONG,
                f -> f.addAnnotation(Types.JDK.ANNOTATION_TIMESTAMP, "TICKS")
                        .addAnnotation(Types.JDK.ANNOTATION_LABEL, "Start Time"));
    }

    private static Type registerPageRun(Recording recording) {
        Types types = recording.getTypes();
        Type dataAmount = recording.registerAnnotationType("jdk.jfr.DataAmount",
                b -> b.addField("value", Types.Builtin.STRING));
        Type memoryAddress = recording.registerAnnotationType("jdk.jfr.MemoryAddress", b -> { });
        return recording.registerType(EVENT_NAME, "jdk.jfr.Event", b -> withStartTime(b)
                .addField("region", Types.Builtin.STRING, f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "Region"))
                .addField("subRegion", Types.Builtin.STRING,
                        f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "Sub-Region")
                                .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION, "Empty for the region itself"))
                .addField("start", Types.Builtin.LONG, f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "Start")
                        .addAnnotation(memoryAddress))
                .addField("end", Types.Builtin.LONG, f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "End")
                        .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION, "First address after the run")
                        .addAnnotation(memoryAddress))
                .addField("size", Types.Builtin.LONG, f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "Size")
                        .addAnnotation(dataAmount, "BYTES"))
                .addField("state", Types.Builtin.STRING, f -> f.addAnnotation(Types.JDK.ANNOTATION_LABEL, "State")
                        .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION, "resident, huge, zero, swapped or not present;"
                                + " huge and zero only where the page table tells them (see the Page Map Snapshot"
                                + " event), else resident"))
                .addAnnotation(Types.JDK.ANNOTATION_LABEL, "Page Run")
                .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION,
                        "A run of pages in the same state inside one JVM region, from the process's page tables")
                .addAnnotation(types.getType(Types.JDK.ANNOTATION_CATEGORY),
                        v -> v.putField("value", new String[] {CATEGORY})));
    }
}
