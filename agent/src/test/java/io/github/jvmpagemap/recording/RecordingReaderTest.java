package io.github.jvmpagemap.recording;

import static io.github.jvmpagemap.recording.RecordedScans.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.rows.RowKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingReaderTest {
    static final long T = 1_800_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void rowsAreGroupedIntoScansByTheirScanTimeWhenEverJfrEmittedThem() throws IOException {
        Path file = new RecordedScans()
                .row(T, "Java Heap", null, "jvm", 100 * MIB, 0).scan(T, 150 * MIB, 140 * MIB)
                .row(T + 1000, "Java Heap", null, "jvm", 110 * MIB, 0)
                // The first scan's other row, emitted a period later, and a row recorded twice.
                .row(T, "Native Heap", null, "process", 40 * MIB, 0).row(T, "Java Heap", null, "jvm", 100 * MIB, 0)
                .scan(T + 1000, 160 * MIB, 150 * MIB).row(T + 1000, "Native Heap", null, "process", 40 * MIB, 0)
                .writeTo(dir.resolve("a.jfr"));

        Timeline t = RecordingReader.read(List.of(file));

        assertEquals(List.of(Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 1000)),
                t.scans().stream().map(Residency::time).toList());
        Residency first = t.scans().get(0);
        assertEquals(List.of("Java Heap", "Native Heap"), first.regions().stream().map(RegionResidency::region).toList());
        assertEquals(140 * MIB, first.attributedBytes());
        assertEquals(150 * MIB, first.processResidentBytes());
        assertEquals(10 * MIB, first.unattributedBytes());
        assertEquals("G1", first.collector());
        assertEquals(RowKind.PROCESS_CATEGORY, first.regions().get(1).kind());
    }

    @Test
    void aRowWhoseNameTheRecordingLostIsLeftOutSayingSoAndItsScanStaysWhole() throws IOException {
        Path file = new RecordedScans().row(T, "Code Cache", null, "jvm", 5 * MIB, 0)
                .rowWithItsNameLost(T, "Code Cache", MIB).row(T, "Code Cache", "CodeHeap 'profiled nmethods'", "jvm",
                        4 * MIB, 0).scan(T, 6 * MIB, 5 * MIB)
                .writeTo(dir.resolve("lost.jfr"));

        Timeline t = RecordingReader.read(List.of(file));

        assertEquals(1, t.scans().size(), () -> "the scan is whole: " + t.problems());
        assertEquals(5 * MIB, t.scans().get(0).attributedBytes());
        assertEquals(List.of("Code Cache", "CodeHeap 'profiled nmethods'"),
                t.scans().get(0).regions().stream().map(RegionResidency::displayName).toList());
        assertEquals(1, t.problems().size(), () -> t.problems().toString());
        assertTrue(t.problems().get(0).startsWith("1 row has no name in the recording"), t.problems()::toString);
    }

    @Test
    void aRecordingMadeBeforeRowsCarriedTheirKindTellsItByName() throws IOException {
        Path file = new RecordedScans().row(T, "Java Heap", null, null, MIB, 0).row(T, "Thread Stacks", null, null, MIB, 0)
                .row(T, "Thread Stacks", "Java Threads", null, MIB, 0).scan(T, 2 * MIB, 2 * MIB)
                .writeTo(dir.resolve("old.jfr"));

        List<RegionResidency> rows = RecordingReader.read(List.of(file)).scans().get(0).regions();

        assertEquals(List.of(RowKind.JVM_REGION, RowKind.PROCESS_CATEGORY, RowKind.PROCESS_CATEGORY),
                rows.stream().map(RegionResidency::kind).toList());
        assertEquals("Java Threads", rows.get(2).subRegion());
        assertEquals(Figure.UNAVAILABLE, rows.get(0).get(Figure.SHARED));
    }

    @Test
    void theAgentsMessagesAndTheJvmsCollectionsAreRead() throws IOException {
        Path file = new RecordedScans().row(T, "Java Heap", null, "jvm", MIB, 0).scan(T, MIB, MIB)
                .message("note", "recording to /tmp/a.jfr").gc().message("problem", "scan failed (boom)")
                .writeTo(dir.resolve("m.jfr"));

        Timeline t = RecordingReader.read(List.of(file));

        assertEquals(List.of("note recording to /tmp/a.jfr", "problem scan failed (boom)"), t.messages().stream()
                .map(m -> m.severity() + " " + m.text()).toList());
        assertTrue(t.collections().size() >= 1, () -> "System.gc() recorded: " + t.collections());
        assertTrue(t.collections().stream().anyMatch(c -> c.cause().equals("System.gc()")), t.collections()::toString);
    }

    @Test
    void severalFilesAndOneCutShortReadUpToTheirLastWholeChunk() throws IOException {
        Path earlier = new RecordedScans().row(T, "Java Heap", null, "jvm", MIB, 0).scan(T, MIB, MIB)
                .writeTo(dir.resolve("1.jfr"));
        Path later = new RecordedScans().row(T + 1000, "Java Heap", null, "jvm", 2 * MIB, 0).scan(T + 1000, 2 * MIB,
                2 * MIB).writeTo(dir.resolve("2.jfr"));
        // Both in one file, the second chunk cut in the middle, as a SIGKILL during a write leaves it.
        Path cut = dir.resolve("cut.jfr");
        Files.write(cut, Files.readAllBytes(earlier));
        byte[] second = Files.readAllBytes(later);
        Files.write(cut, java.util.Arrays.copyOf(second, second.length / 2), StandardOpenOption.APPEND);

        Timeline both = RecordingReader.read(List.of(earlier, later));
        Timeline kept = RecordingReader.read(List.of(cut));

        assertEquals(2, both.scans().size());
        assertEquals(List.of(), both.problems());
        assertEquals(List.of(Instant.ofEpochMilli(T)), kept.scans().stream().map(Residency::time).toList());
        assertEquals(1, kept.problems().size(), kept.problems()::toString);
        assertTrue(kept.problems().get(0).contains("read up to its last whole chunk"), kept.problems().get(0));
    }

    @Test
    void aFileWithNothingOfTheAgentIsRefusedSayingSo() throws IOException {
        Path other = new RecordedScans().gc().writeTo(dir.resolve("gc.jfr"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a recording");

        assertTrue(assertThrows(IOException.class, () -> RecordingReader.read(List.of(other))).getMessage()
                .contains("holds no event of the jvm-pagemap agent"));
        assertTrue(assertThrows(IOException.class, () -> RecordingReader.read(List.of(text))).getMessage()
                .startsWith("cannot read " + text));
    }

    @Test
    void theSummaryTellsEachRowsFirstLastLowestHighestAndGrowth() throws IOException {
        Path file = new RecordedScans()
                .row(T, "Java Heap", null, "jvm", 100 * MIB, 0).row(T, "Native Heap", null, "process", 40 * MIB, 0)
                .scan(T, 150 * MIB, 140 * MIB)
                .row(T + 1000, "Java Heap", null, "jvm", 300 * MIB, 0).row(T + 1000, "Native Heap", null, "process",
                        60 * MIB, 8 * MIB).scan(T + 1000, 370 * MIB, 360 * MIB)
                .row(T + 2000, "Java Heap", null, "jvm", 200 * MIB, 0).row(T + 2000, "Native Heap", null, "process",
                        80 * MIB, 0).scan(T + 2000, 290 * MIB, 280 * MIB)
                .writeTo(dir.resolve("s.jfr"));

        TimelineSummary summary = TimelineSummary.of(RecordingReader.read(List.of(file)));

        TimelineSummary.RowSeries heap = summary.rows().get(0);
        assertEquals(new TimelineSummary.Series(100 * MIB, 200 * MIB, 100 * MIB, 300 * MIB,
                Instant.ofEpochMilli(T + 1000)), heap.resident());
        assertEquals(100 * MIB, heap.resident().growth());
        assertNull(heap.swapped(), "never swapped: no swapped series");
        assertEquals(8 * MIB, summary.rows().get(1).swapped().highest());
        assertEquals(370 * MIB, summary.processResident().highest());
        assertEquals(new TimelineSummary.Series(10 * MIB, 10 * MIB, 10 * MIB, 10 * MIB, Instant.ofEpochMilli(T)),
                summary.unattributed());
    }
}
