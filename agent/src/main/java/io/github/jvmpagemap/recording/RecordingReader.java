package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.jfr.MessageEvent;
import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.jfr.ResidencyScanEvent;
import io.github.jvmpagemap.jfr.ThreadStackGroupEvent;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.scan.Detail;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the agent's events from recordings: its own ({@code recording=}), one made with the shipped
 * settings, one JDK Mission Control dumped, of one chunk or many, cut short by a SIGKILL, made before
 * the events carried a row's kind or the hugetlb pages. Rows are grouped into scans by their
 * {@code scanTime}, not by when JFR emitted them: with a period other than the agent's interval the
 * same scan's rows may come in several chunks, and a scan recorded twice (two recordings of one
 * JVM, concatenated) counts once. Page-map snapshots in the same files are found, for the caller to
 * read.
 */
public final class RecordingReader {
    static final String GARBAGE_COLLECTION = AgentRecording.GARBAGE_COLLECTION;
    static final String JVM_INFORMATION = AgentRecording.JVM_INFORMATION;

    private final Map<Long, Map<String, RegionResidency>> rows = new TreeMap<>();
    private final Map<Long, RecordedEvent> scanEvents = new TreeMap<>();
    private final Map<Long, Map<String, ThreadStackGroup>> groups = new TreeMap<>();
    private final List<Timeline.Collection> collections = new ArrayList<>();
    private final Set<String> collectionsSeen = new HashSet<>();
    private final List<Timeline.Message> messages = new ArrayList<>();
    private final Set<String> messagesSeen = new HashSet<>();
    private final List<Path> snapshotFiles = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** Rows whose region or sub-region name the recording lost. */
    private int namesLost;
    private long pid = -1;

    private RecordingReader() {
    }

    /**
     * @throws IOException if a file cannot be read at all, or none holds an event of the agent
     */
    public static Timeline read(List<Path> files) throws IOException {
        RecordingReader reader = new RecordingReader();
        for (Path file : files) {
            reader.readFile(file);
        }
        if (reader.rows.isEmpty() && reader.scanEvents.isEmpty() && reader.snapshotFiles.isEmpty()) {
            throw new IOException(String.join(", ", files.stream().map(Path::toString).toList()) + " "
                    + (files.size() == 1 ? "holds" : "hold") + " no event of the jvm-pagemap agent ("
                    + RegionResidencyEvent.NAME + ", " + ResidencyScanEvent.NAME + ") and no page-map snapshot");
        }
        return reader.timeline(files);
    }

    private void readFile(Path file) throws IOException {
        boolean snapshot = false;
        int events = 0;
        try (RecordingFile in = new RecordingFile(file)) {
            while (in.hasMoreEvents()) {
                RecordedEvent e = in.readEvent();
                events++;
                String name = e.getEventType().getName();
                if (name.equals(RegionResidencyEvent.NAME)) {
                    row(e);
                } else if (name.equals(ResidencyScanEvent.NAME)) {
                    scanEvents.putIfAbsent(e.getLong("scanTime"), e);
                } else if (name.equals(ThreadStackGroupEvent.NAME)) {
                    groups.computeIfAbsent(e.getLong("scanTime"), t -> new LinkedHashMap<>())
                            .putIfAbsent(e.getString("group"), new ThreadStackGroup(e.getString("group"),
                                    e.getInt("threads"), e.getLong("resident"), e.getLong("swapped")));
                } else if (name.equals(GARBAGE_COLLECTION)) {
                    collection(e);
                } else if (name.equals(MessageEvent.NAME)) {
                    String text = e.getString("message");
                    if (messagesSeen.add(e.getStartTime() + " " + text)) {
                        messages.add(new Timeline.Message(e.getStartTime(), e.getString("severity"), text));
                    }
                } else if (name.equals(JVM_INFORMATION) && e.hasField("pid")) {
                    pid = e.getLong("pid");
                } else if (name.equals(SnapshotFigures.SCAN_EVENT_NAME)) {
                    snapshot = true;
                }
            }
        } catch (IOException e) {
            if (events == 0) {
                throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            // A JVM killed mid-chunk leaves a chunk that cannot be read: what came before it stands.
            problems.add(file + " ends in a chunk that cannot be read (" + e.getMessage() + "), as a JVM killed"
                    + " while recording leaves it: read up to its last whole chunk");
        }
        if (snapshot) {
            snapshotFiles.add(file);
        }
    }

    private void row(RecordedEvent e) {
        String region = e.getString("region");
        String sub = e.getString("subRegion");
        if (region == null || sub == null) {
            // The agent writes a name in every row ("" for a region's own): JDK 17's JFR can lose a
            // string it pooled, and the row cannot be told from its neighbours. A sub-row's bytes are
            // in its region's row too.
            namesLost++;
            return;
        }
        String subRegion = sub.isEmpty() ? null : sub;
        RowKind kind = e.hasField("kind") ? RowKind.ofLabel(e.getString("kind")) : null;
        long[] values = new long[Figure.values().length];
        for (Figure figure : Figure.MEASURED) {
            values[figure.ordinal()] = e.hasField(figure.id()) ? e.getLong(figure.id()) : Figure.UNAVAILABLE;
        }
        rows.computeIfAbsent(e.getLong("scanTime"), t -> new LinkedHashMap<>()).putIfAbsent(region + "\0" + sub,
                new RegionResidency(region, subRegion, kind == null ? RowKind.ofRow(region) : kind, values));
    }

    private void collection(RecordedEvent e) {
        String key = e.getStartTime() + " " + (e.hasField("gcId") ? e.getInt("gcId") : 0);
        if (collectionsSeen.add(key)) {
            collections.add(new Timeline.Collection(e.getStartTime(), e.getString("name"), e.getString("cause"),
                    e.hasField("sumOfPauses") ? e.getDuration("sumOfPauses") : Duration.ZERO,
                    e.hasField("longestPause") ? e.getDuration("longestPause") : Duration.ZERO));
        }
    }

    private Timeline timeline(List<Path> files) {
        Set<Long> times = new java.util.TreeSet<>(rows.keySet());
        times.addAll(scanEvents.keySet());
        List<Residency> scans = new ArrayList<>(times.size());
        List<Instant> cut = new ArrayList<>();
        for (long time : times) {
            Residency scan = scan(time);
            RecordedEvent e = scanEvents.get(time);
            if (e != null && e.hasField("attributed") && e.getLong("attributed") != scan.attributedBytes()) {
                cut.add(scan.time());
            } else {
                scans.add(scan);
            }
        }
        if (!cut.isEmpty()) {
            // Its scan event without all its rows: the JVM was killed between them. Its figures
            // would make what no row holds look like most of VmRSS.
            problems.add((cut.size() == 1 ? "the scan at " + cut.get(0) + " is" : cut.size() + " scans (" + cut
                    + ") are") + " left out: the recording does not hold all of its rows, as when the JVM is"
                    + " killed while they are written");
        }
        if (namesLost > 0) {
            problems.add(namesLost + (namesLost == 1 ? " row has" : " rows have") + " no name in the recording (JDK"
                    + " 17's JFR can lose a string it pools) and " + (namesLost == 1 ? "is left out of its scan" : "are left"
                    + " out of their scans") + "; a sub-row's bytes are still in its region's row");
        }
        collections.sort(Comparator.comparing(Timeline.Collection::time));
        messages.sort(Comparator.comparing(Timeline.Message::time));
        return new Timeline(List.copyOf(files), pid, List.copyOf(scans), List.copyOf(collections),
                List.copyOf(messages), List.copyOf(snapshotFiles), List.copyOf(problems));
    }

    /** The scan of {@code time}: its rows, and its process figures where its scan event was recorded. */
    private Residency scan(long time) {
        List<RegionResidency> scanRows = List.copyOf(rows.getOrDefault(time, Map.of()).values());
        List<ThreadStackGroup> scanGroups = List.copyOf(groups.getOrDefault(time, Map.of()).values());
        RecordedEvent e = scanEvents.get(time);
        if (e == null) {
            return new Residency(Instant.ofEpochMilli(time), -1, "", Detail.BASIC, "", scanRows, -1, 0, 0, -1,
                    List.of(), -1, scanGroups);
        }
        String detail = e.getString("detail");
        return new Residency(Instant.ofEpochMilli(time), e.getLong("scanDuration"), text(e, "method"),
                detail == null ? Detail.BASIC : Detail.valueOf(detail.toUpperCase(Locale.ROOT)), text(e, "collector"),
                scanRows, e.getLong("processResident"), e.hasField("hugetlb") ? e.getLong("hugetlb") : 0,
                e.getLong("extraViews"), e.getLong("pagesExamined"), List.of(), -1, scanGroups,
                e.hasField("writeWindow") ? e.getDuration("writeWindow").toNanos() : -1);
    }

    private static String text(RecordedEvent e, String field) {
        String value = e.hasField(field) ? e.getString(field) : null;
        return value == null ? "" : value;
    }
}
