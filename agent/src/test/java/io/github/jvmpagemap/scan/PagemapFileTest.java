package io.github.jvmpagemap.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagemapFileTest {
    private static final long PAGE = 4096;
    /** Small enough that every range below crosses batch boundaries. */
    private static final int BATCH = 3;
    private static final long PRESENT = 1L << 63;
    private static final long SWAPPED = 1L << 62;
    private static final long EXCLUSIVE = 1L << 56;
    /** A frame number as root would see it; zero for everyone else. */
    private static final long PFN = 0x1234567L;

    @TempDir
    Path dir;

    /** Writes a fake pagemap of {@code pages} entries: little-endian u64 at page * 8, zero unless given. */
    private Path pagemap(int pages, Map<Integer, Long> entries) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(pages * 8).order(ByteOrder.LITTLE_ENDIAN);
        entries.forEach((page, entry) -> bytes.putLong(page * 8, entry));
        return Files.write(dir.resolve("pagemap"), bytes.array());
    }

    private static PageCounts count(Path pagemap, long startPage, long endPage, long... viewPages)
            throws IOException {
        long[] views = new long[viewPages.length];
        for (int i = 0; i < views.length; i++) {
            views[i] = viewPages[i] * PAGE;
        }
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(new PagemapEntries(pagemap), PAGE, BATCH, null, true)) {
            file.walk(startPage * PAGE, endPage * PAGE, views, counts);
        }
        return counts;
    }

    @Test
    void countsPresentAndSwappedPagesAcrossBatches() throws IOException {
        Path pagemap = pagemap(40, Map.of(
                16, PRESENT,
                18, PRESENT | EXCLUSIVE | PFN,
                19, PRESENT | PFN,
                20, SWAPPED,
                24, SWAPPED,
                25, PRESENT | EXCLUSIVE,
                // outside [16, 26): must not be counted
                15, PRESENT,
                26, PRESENT));

        PageCounts counts = count(pagemap, 16, 26);

        assertEquals(10, counts.examined());
        assertEquals(4, counts.present());
        assertEquals(2, counts.swapped());
        assertEquals(0, counts.extraViewPresent());
        assertEquals(0, counts.unreadable());
        assertNull(counts.firstError());
    }

    @Test
    void countsAPageOnceIfAnyViewHasItPresent() throws IOException {
        // [16, 26) mapped again 32 and 64 pages higher.
        Path pagemap = pagemap(100, Map.of(
                16, PRESENT,
                17, PRESENT, 16 + 32 + 1, PRESENT, 16 + 64 + 1, PRESENT,
                16 + 32 + 2, PRESENT | EXCLUSIVE,
                19, SWAPPED, 16 + 64 + 3, PRESENT,
                20, SWAPPED,
                16 + 64 + 9, PRESENT));

        PageCounts counts = count(pagemap, 16, 26, 32, 64);

        assertEquals(10, counts.examined(), "each page of the range once, not once per view");
        // pages 0, 1, 2, 3 and 9 of the range
        assertEquals(5, counts.present());
        // page 1 is present in all three views
        assertEquals(2, counts.extraViewPresent());
        // page 3 is swapped in the first view but present in another
        assertEquals(1, counts.swapped());
    }

    @Test
    void aShortReadMakesTheRestOfTheRangeUnreadableNotAbsent() throws IOException {
        // 23 entries: the batch [22, 25) reads 8 of its 24 bytes.
        Path pagemap = pagemap(23, Map.of(
                16, PRESENT,
                17, PRESENT,
                21, PRESENT,
                22, PRESENT));

        PageCounts counts = count(pagemap, 16, 26);

        assertEquals(6, counts.examined(), "the two whole batches [16, 19) and [19, 22)");
        assertEquals(3, counts.present());
        assertEquals(4, counts.unreadable(), "[22, 26)");
        assertEquals("short read of " + pagemap + " at page 0x16: 8 of 24 bytes", counts.firstError());
    }

    @Test
    void aShortReadOfAViewMakesTheRestUnreadable() throws IOException {
        Path pagemap = pagemap(40, Map.of(16, PRESENT, 36, PRESENT));

        // The second view of [16, 26) would be [36, 46): entries from 40 on are missing.
        PageCounts counts = count(pagemap, 16, 26, 20);

        assertEquals(3, counts.examined());
        assertEquals(1, counts.present());
        assertEquals(1, counts.extraViewPresent());
        assertEquals(7, counts.unreadable());
        assertEquals("short read of " + pagemap + " at page 0x27: 8 of 24 bytes", counts.firstError());
    }

    @Test
    void runsMergeSameStatePagesAcrossBatchesAndUniteViews() throws IOException {
        // [16, 26), also mapped 32 pages higher: page 22 is present only in the other view.
        Path pagemap = pagemap(60, Map.of(
                16, PRESENT, 17, PRESENT | PFN, 18, PRESENT | EXCLUSIVE,
                19, SWAPPED, 20, SWAPPED,
                22 + 32, PRESENT,
                25, PRESENT));
        RecordedRuns runs = new RecordedRuns(PAGE);
        try (PagemapFile file = new PagemapFile(new PagemapEntries(pagemap), PAGE, BATCH, null, true)) {
            file.walk(16 * PAGE, 26 * PAGE, new long[] {32 * PAGE}, runs);
        }

        // 16 and 17 are not exclusive (shared), 18 is: two runs of resident pages; a frame number splits nothing.
        assertEquals(java.util.List.of("16-18 resident", "18-19 resident", "19-21 swapped", "21-22 not present",
                "22-23 resident", "23-25 not present", "25-26 resident"), runs.runs);
    }

    @Test
    void anUnreadableRangeReachesTheSinkAsUnreadableAfterItsReason() throws IOException {
        Path pagemap = pagemap(8, Map.of(1, PRESENT));
        RecordedRuns runs = new RecordedRuns(PAGE);
        try (PagemapFile file = new PagemapFile(new PagemapEntries(pagemap), PAGE, BATCH, null, true)) {
            file.walk(0, 16 * PAGE, new long[0], runs);
        }

        assertEquals(java.util.List.of("0-1 not present", "1-2 resident", "2-6 not present", "6-16 unreadable"),
                runs.runs);
        assertEquals(java.util.List.of("short read of " + pagemap + " at page 0x6: 16 of 24 bytes"), runs.errors);
    }
}
