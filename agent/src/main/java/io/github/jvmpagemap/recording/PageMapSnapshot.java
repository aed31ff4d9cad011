package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.residency.RunConsumer;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageRuns;
import io.github.jvmpagemap.scan.PageSink;
import io.github.jvmpagemap.scan.PageState;
import io.github.jvmpagemap.scan.PageTable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A full-fidelity page map as a .jfr file JDK Mission Control opens: one
 * {@code jvmpagemap.PageRun} event per run of same-state pages per region and sub-region, and
 * one {@code jvmpagemap.PageMapSnapshot} event saying how the pages were read and which states
 * that method tells apart. The file grows with the number of runs, not of pages. The runs come
 * from a scan's own walk ({@link ResidencyScanner#scan(RunConsumer)}), so the page map and the
 * figures of that scan describe the same instant. Streamed to the file as the walk
 * goes ({@link JfrChunkWriter}): the memory it takes on the host's heap is the same for ten
 * runs as for ten million, and writing a run allocates nothing. The scan's own figures follow
 * the runs ({@link SnapshotFigures}).
 */
public final class PageMapSnapshot implements RunConsumer {
    public static final String EVENT_NAME = "jvmpagemap.PageRun";
    public static final String INFO_EVENT_NAME = "jvmpagemap.PageMapSnapshot";
    static final String CATEGORY = "JVM Pagemap";

    private static final JfrEventType PAGE_RUN = new JfrEventType(EVENT_NAME, "Page Run",
            "A run of pages in the same state inside one row (a JVM region or a process category), from the"
                    + " process's page tables", CATEGORY)
            .field("region", JfrEventType.ValueType.STRING, "Region", null)
            .field("subRegion", JfrEventType.ValueType.STRING, "Sub-Region", "Empty for the region itself")
            .field("start", JfrEventType.ValueType.LONG, JfrEventType.Content.ADDRESS, "Start", null)
            .field("end", JfrEventType.ValueType.LONG, JfrEventType.Content.ADDRESS, "End",
                    "First address after the run")
            .field("size", JfrEventType.ValueType.LONG, JfrEventType.Content.BYTES, "Size", null)
            .field("state", JfrEventType.ValueType.STRING, "State", "resident, huge, zero, swapped or not present;"
                    + " huge and zero only where the page table tells them (see the Page Map Snapshot event),"
                    + " else resident");
    private static final JfrEventType INFO = new JfrEventType(INFO_EVENT_NAME, "Page Map Snapshot",
            "How the page runs of this file were read, and which states they tell apart", CATEGORY)
            .field("method", JfrEventType.ValueType.STRING, "Method", "How the page tables were read: pagemap or scan")
            .field("detail", JfrEventType.ValueType.STRING, "Detail", "basic, or full (kpageflags and kpagecount)")
            .field("states", JfrEventType.ValueType.STRING, "States", "The page states this method tells apart,"
                    + " separated by commas; a huge or zero page it cannot tell shows as resident");

    private final JfrChunkWriter file;
    private final PageRuns runs = new PageRuns(new Writer());
    private Region region;
    private int sub;
    private String subRegion;
    private String error;

    private PageMapSnapshot(JfrChunkWriter file) {
        this.file = file;
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
        try (FileChannel out = FileChannel.open(created, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            PageMapSnapshot snapshot = new PageMapSnapshot(new JfrChunkWriter(out,
                    List.of(INFO, PAGE_RUN, SnapshotFigures.SCAN, SnapshotFigures.REGION,
                            SnapshotFigures.STACK_GROUP)));
            snapshot.writeInfo(scanner.pageTable());
            Residency scan = scanner.scan(snapshot);
            snapshot.runs.flush();
            if (snapshot.error != null) {
                throw new IOException("the page map is incomplete: " + snapshot.error);
            }
            SnapshotFigures.write(snapshot.file, scan, scanner.layout(), ProcessHandle.current().pid());
            snapshot.file.finish();
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

    /**
     * Writes each merged run as an event. A write that fails (a full disk) ends the snapshot:
     * the first error is kept and every later run is dropped.
     */
    private final class Writer implements PageSink {
        private final PageState[] states = PageState.values();

        @Override
        public void run(long from, long to, long state) {
            if (error != null) {
                return;
            }
            try {
                file.begin(PAGE_RUN).putString(region.name()).putString(subRegion).putLong(from).putLong(to)
                        .putLong(to - from).putString(states[(int) state].label());
                file.end();
            } catch (IOException e) {
                error = "cannot write the file: " + PrivateFiles.reason(e, null);
            }
        }

        @Override
        public void error(String message) {
            // Errors reach the snapshot through RunConsumer.error.
        }
    }

    private void writeInfo(PageTable pages) throws IOException {
        file.begin(INFO).putString(pages.method()).putString(pages.detail().label())
                .putString(String.join(", ", statesToldApart(pages)));
        file.end();
    }
}
