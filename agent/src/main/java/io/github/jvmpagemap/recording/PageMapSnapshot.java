package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionLayout;
import io.github.jvmpagemap.residency.RegionPieces;
import io.github.jvmpagemap.scan.PageRuns;
import io.github.jvmpagemap.scan.PageTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openjdk.jmc.flightrecorder.writer.api.Recording;
import org.openjdk.jmc.flightrecorder.writer.api.Recordings;
import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.Types;

/**
 * A full-fidelity page map as a .jfr file JDK Mission Control opens: one
 * {@code jvmpagemap.PageRun} event per run of same-state pages per region and sub-region. The
 * file grows with the number of runs, not of pages. Written with JMC's stand-alone writer,
 * registered the way the JDK's {@code jfr} tool and JMC both read (startTime first, every
 * field written, the content-type annotations registered as annotation types).
 */
public final class PageMapSnapshot {
    public static final String EVENT_NAME = "jvmpagemap.PageRun";
    static final String CATEGORY = "JVM Pagemap";

    private PageMapSnapshot() {
    }

    /**
     * Writes the snapshot to {@code file}, which must not exist; it is created readable by its
     * owner only. Call from the thread that owns {@code pages}.
     *
     * @return the number of runs written
     */
    public static long write(Path file, RegionLayout layout, MemoryMaps maps, PageTable pages) throws IOException {
        Path created = PrivateFiles.createNew(file);
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(created, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            long count = writeRuns(out, layout, maps, pages);
            done = true;
            return count;
        } finally {
            if (!done) {
                Files.deleteIfExists(created);
            }
        }
    }

    private static long writeRuns(OutputStream out, RegionLayout layout, MemoryMaps maps, PageTable pages)
            throws IOException {
        long[] count = {0};
        // The writer merges its chunk data on a thread of its own, not a daemon, that only close()
        // ends: closed whatever happens, it can hold an exiting JVM up only while a snapshot is
        // being written.
        try (Recording recording = Recordings.newRecording(out)) {
            Type pageRun = registerPageRun(recording);
            for (Region region : layout.regions()) {
                try {
                    RegionPieces.forEach(region, maps, (r, sub, start, end) -> {
                        String subRegion = sub < 0 ? "" : r.subRegions().get(sub).name();
                        PageRuns runs = new PageRuns((runStart, runEnd, state) -> {
                            recording.writeEvent(pageRun.asValue(v -> v
                                    .putField("startTime", System.nanoTime())
                                    .putField("region", r.name())
                                    .putField("subRegion", subRegion)
                                    .putField("start", runStart)
                                    .putField("end", runEnd)
                                    .putField("size", runEnd - runStart)
                                    .putField("state", state.label())));
                            count[0]++;
                        });
                        try {
                            pages.runs(start, end, r.views(), runs);
                            runs.flush();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        }
        return count[0];
    }

    private static Type registerPageRun(Recording recording) {
        Types types = recording.getTypes();
        Type dataAmount = recording.registerAnnotationType("jdk.jfr.DataAmount",
                b -> b.addField("value", Types.Builtin.STRING));
        Type memoryAddress = recording.registerAnnotationType("jdk.jfr.MemoryAddress", b -> { });
        return recording.registerType(EVENT_NAME, "jdk.jfr.Event", b -> b
                .addField("startTime", Types.Builtin.LONG,
                        f -> f.addAnnotation(Types.JDK.ANNOTATION_TIMESTAMP, "TICKS")
                                .addAnnotation(Types.JDK.ANNOTATION_LABEL, "Start Time"))
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
                        .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION, "resident, huge, zero, swapped or not present; huge and zero"
                                + " only where the page table tells them (method=scan), else resident"))
                .addAnnotation(Types.JDK.ANNOTATION_LABEL, "Page Run")
                .addAnnotation(Types.JDK.ANNOTATION_DESCRIPTION,
                        "A run of pages in the same state inside one JVM region, from the process's page tables")
                .addAnnotation(types.getType(Types.JDK.ANNOTATION_CATEGORY),
                        v -> v.putField("value", new String[] {CATEGORY})));
    }
}
