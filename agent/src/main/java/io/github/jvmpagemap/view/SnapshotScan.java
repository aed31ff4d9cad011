package io.github.jvmpagemap.view;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.recording.PageMapSnapshot;
import io.github.jvmpagemap.recording.SnapshotFigures;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.scan.Detail;
import io.github.jvmpagemap.scan.PageState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A page-map snapshot file read back: the figures of its scan (as {@code report --json} gives
 * them) and its runs reduced to one {@link CellGrid} per top-level row, so the table, the bar and
 * the maps of a picture all come from that one scan. Read in two passes: the figures (written
 * after the runs) say each grid's ranges, then the runs fill the grids as they are read.
 *
 * @param pid the process the snapshot was taken in
 * @param residency the scan's figures
 * @param grids a grid per top-level row, in the table's order
 */
public record SnapshotScan(long pid, Residency residency, List<CellGrid> grids) {

    /**
     * The snapshot in {@code file}, the last one where several were written one after the other into it.
     *
     * @throws IOException if the file cannot be read, or is not a snapshot with its scan's figures
     */
    public static SnapshotScan read(Path file) throws IOException {
        List<SnapshotScan> all = readAll(file);
        if (all.isEmpty()) {
            throw new IOException(file + " holds no " + SnapshotFigures.SCAN_EVENT_NAME + " event: not a page-map"
                    + " snapshot, or one from a version of jvm-pagemap that did not record its scan's figures");
        }
        return all.get(all.size() - 1);
    }

    /**
     * Every snapshot in {@code file}, in the order written: one, or several where snapshot files (or
     * recordings and snapshots) were concatenated. Each snapshot is one chunk that begins with its
     * {@code jvmpagemap.PageMapSnapshot} event, so its runs are the page runs after that event.
     *
     * @throws IOException if the file cannot be read
     */
    public static List<SnapshotScan> readAll(Path file) throws IOException {
        List<RecordedEvent> scans = new ArrayList<>();
        List<List<RecordedEvent>> rows = new ArrayList<>();
        List<List<ThreadStackGroup>> groups = new ArrayList<>();
        int snapshot = -1;
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                String name = e.getEventType().getName();
                if (name.equals(PageMapSnapshot.INFO_EVENT_NAME)) {
                    snapshot++;
                    scans.add(null);
                    rows.add(new ArrayList<>());
                    groups.add(new ArrayList<>());
                } else if (snapshot >= 0 && name.equals(SnapshotFigures.SCAN_EVENT_NAME)) {
                    scans.set(snapshot, e);
                } else if (snapshot >= 0 && name.equals(SnapshotFigures.REGION_EVENT_NAME)) {
                    rows.get(snapshot).add(e);
                } else if (snapshot >= 0 && name.equals(SnapshotFigures.STACK_GROUP_EVENT_NAME)) {
                    groups.get(snapshot).add(new ThreadStackGroup(e.getString("group"), (int) e.getLong("threads"),
                            e.getLong("resident"), e.getLong("swapped")));
                }
            }
        }
        List<Map<String, CellGrid>> grids = new ArrayList<>();
        for (List<RecordedEvent> snapshotRows : rows) {
            grids.add(grids(snapshotRows));
        }
        fill(file, grids);
        List<SnapshotScan> all = new ArrayList<>();
        for (int i = 0; i < scans.size(); i++) {
            if (scans.get(i) != null) {
                all.add(new SnapshotScan(scans.get(i).getLong("pid"),
                        residency(scans.get(i), rows.get(i), groups.get(i)), List.copyOf(grids.get(i).values())));
            }
        }
        return all;
    }

    /** Adds each page run of {@code file} to the grid of its snapshot and row. */
    private static void fill(Path file, List<Map<String, CellGrid>> grids) throws IOException {
        Map<String, Integer> states = new HashMap<>();
        for (PageState state : PageState.values()) {
            states.put(state.label(), state.ordinal());
        }
        int snapshot = -1;
        Map<String, Map<String, Integer>> subIndex = Map.of();
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent run = in.readEvent();
                String name = run.getEventType().getName();
                if (name.equals(PageMapSnapshot.INFO_EVENT_NAME)) {
                    snapshot++;
                    subIndex = subIndex(grids.get(snapshot));
                    continue;
                }
                if (!name.equals(PageMapSnapshot.EVENT_NAME) || snapshot < 0) {
                    continue;
                }
                String region = run.getString("region");
                CellGrid grid = grids.get(snapshot).get(region);
                Integer state = states.get(run.getString("state"));
                if (grid == null || state == null) {
                    throw new IOException(file + ": a page run of an unknown region or state: " + region + ", "
                            + run.getString("state"));
                }
                String sub = run.getString("subRegion");
                Integer s = sub == null || sub.isEmpty() ? Integer.valueOf(CellGrid.NO_SUB) : subIndex.get(region).get(sub);
                grid.add(run.getLong("start"), run.getLong("end"), state, s == null ? CellGrid.NO_SUB : s);
            }
        }
    }

    /** Each grid's sub-regions by name: their index in the grid. */
    private static Map<String, Map<String, Integer>> subIndex(Map<String, CellGrid> grids) {
        Map<String, Map<String, Integer>> subIndex = new HashMap<>();
        for (CellGrid grid : grids.values()) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < grid.subRegions().size(); i++) {
                index.put(grid.subRegions().get(i), i);
            }
            subIndex.put(grid.region(), index);
        }
        return subIndex;
    }

    private static Residency residency(RecordedEvent scan, List<RecordedEvent> rows, List<ThreadStackGroup> groups)
            throws IOException {
        List<RegionResidency> regions = new ArrayList<>();
        for (RecordedEvent e : rows) {
            long[] values = new long[Figure.MEASURED.size()];
            for (int i = 0; i < values.length; i++) {
                String id = Figure.MEASURED.get(i).id();
                values[i] = e.hasField(id) ? e.getLong(id) : Figure.UNAVAILABLE;
            }
            String sub = e.getString("subRegion");
            regions.add(RegionResidency.of(e.getString("region"), sub == null || sub.isEmpty() ? null : sub,
                    kind(e.getString("kind")), values));
        }
        String problems = scan.getString("problems");
        return new Residency(Instant.ofEpochMilli(scan.getLong("scanTime")), scan.getLong("scanDuration"),
                scan.getString("method"), Detail.valueOf(scan.getString("detail").toUpperCase(Locale.ROOT)),
                scan.getString("collector"), List.copyOf(regions), scan.getLong("processResident"),
                // Snapshots written before the hugetlb pages were reconciled lack the field.
                scan.hasField("hugetlb") ? scan.getLong("hugetlb") : 0, scan.getLong("extraViews"),
                scan.getLong("pagesExamined"),
                problems == null || problems.isEmpty() ? List.of() : List.of(problems.split("\n")),
                (int) scan.getLong("discoveries"), List.copyOf(groups));
    }

    private static RowKind kind(String label) throws IOException {
        RowKind kind = RowKind.ofLabel(label);
        if (kind == null) {
            throw new IOException("a snapshot row of unknown kind '" + label + "'");
        }
        return kind;
    }

    private static Map<String, CellGrid> grids(List<RecordedEvent> rows) throws IOException {
        Map<String, List<String>> subRegions = new LinkedHashMap<>();
        Map<String, RecordedEvent> top = new LinkedHashMap<>();
        for (RecordedEvent e : rows) {
            String sub = e.getString("subRegion");
            if (sub == null || sub.isEmpty()) {
                top.put(e.getString("region"), e);
                subRegions.put(e.getString("region"), new ArrayList<>());
            } else {
                subRegions.computeIfAbsent(e.getString("region"), k -> new ArrayList<>()).add(sub);
            }
        }
        Map<String, CellGrid> grids = new LinkedHashMap<>();
        for (RecordedEvent e : top.values()) {
            String region = e.getString("region");
            long heapRegionSize = e.getLong("heapRegionSize");
            grids.put(region, new CellGrid(region, ranges(e.getString("ranges")), heapRegionSize,
                    subRegions.get(region)));
        }
        return grids;
    }

    /** The ranges as {@link SnapshotFigures} writes them: {@code start-end} in hexadecimal, separated by spaces. */
    static List<AddressRange> ranges(String text) throws IOException {
        List<AddressRange> ranges = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return ranges;
        }
        for (String pair : text.trim().split(" ")) {
            int dash = pair.indexOf('-');
            try {
                ranges.add(new AddressRange(Long.parseUnsignedLong(pair.substring(0, dash), 16),
                        Long.parseUnsignedLong(pair.substring(dash + 1), 16)));
            } catch (RuntimeException ex) {
                throw new IOException("a snapshot's ranges are not understood: '" + pair + "'");
            }
        }
        return ranges;
    }
}
