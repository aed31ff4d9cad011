package io.github.jvmpagemap.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** detail=full over crafted pagemap, kpageflags and kpagecount files. */
class PageFramesTest {
    private static final long PAGE = 4096;
    private static final long PRESENT = 1L << 63;
    private static final long SWAPPED = 1L << 62;
    private static final long EXCLUSIVE = 1L << 56;
    private static final long FILE = 1L << 61;
    private static final long THP = 1L << 22;
    private static final long HUGETLB = 1L << 17;
    private static final long ZERO_PAGE = 1L << 24;
    /** Far enough apart that no read window holds both. */
    private static final long LOW = 1000;
    private static final long HIGH = LOW + 10 * PageFrames.WINDOW;

    @TempDir
    Path dir;

    private Path file(String name, int entries, Map<Integer, Long> values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(entries * 8).order(ByteOrder.LITTLE_ENDIAN);
        values.forEach((index, value) -> bytes.putLong(index * 8, value));
        return Files.write(dir.resolve(name), bytes.array());
    }

    private PageCounts count(Map<Integer, Long> pagemap, int pages, Map<Integer, Long> flags,
            Map<Integer, Long> mapCounts) throws IOException {
        int frames = (int) HIGH + PageFrames.WINDOW;
        PageFrames pageFrames = new PageFrames(file("kpageflags", frames, flags), file("kpagecount", frames, mapCounts));
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(file("pagemap", pages, pagemap), PAGE, 4, pageFrames, true)) {
            file.walk(0, pages * PAGE, new long[0], counts);
        }
        return counts;
    }

    @Test
    void zeroSharedAndProportionalComeFromTheFramesOfPagesNotExclusive() throws IOException {
        PageCounts counts = count(Map.of(
                0, PRESENT | EXCLUSIVE | (LOW + 2), // exclusive: mapped once, its frame not read
                1, PRESENT | (LOW + 1),      // descending frames share a window
                2, PRESENT | LOW,            // hugetlb, mapped by 4
                3, PRESENT | HIGH,           // zero page
                4, SWAPPED,                  // no frame looked at
                5, PRESENT | (HIGH + 3),     // plain, mapped twice
                6, PRESENT),                 // present without a frame number: nothing to read
                8, Map.of((int) LOW + 2, THP, (int) LOW, HUGETLB, (int) HIGH, ZERO_PAGE),
                // Were the exclusive page's frame read, its count of 5 would make it shared.
                Map.of((int) LOW + 2, 5L, (int) LOW + 1, 1L, (int) LOW, 4L, (int) HIGH, 0L, (int) HIGH + 3, 2L));

        assertEquals(6, counts.present());
        assertEquals(1, counts.swapped());
        // Huge pages are smaps' to count: kpageflags marks PTE-mapped large folios too.
        assertEquals(0, counts.huge());
        assertEquals(1, counts.zero());
        assertEquals(2, counts.shared());
        assertEquals(1 + 1 + 0.25 + 0.5, counts.proportional(), 1e-9);
        assertEquals(0, counts.framesUnreadable());
    }

    @Test
    void withoutFramesPagemapsExclusiveBitTellsSharedPagesToAnyReader() throws IOException {
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(file("pagemap", 4, Map.of(0, PRESENT | EXCLUSIVE, 1, PRESENT,
                2, PRESENT | EXCLUSIVE, 3, SWAPPED)), PAGE, 4, null, true)) {
            assertTrue(file.measures(Capability.SHARING));
            assertFalse(file.measures(Capability.MAP_COUNTS));
            file.walk(0, 4 * PAGE, new long[0], counts);
        }

        assertEquals(3, counts.present());
        assertEquals(1, counts.shared());
        assertEquals(0, counts.proportional(), 1e-9);
    }

    @Test
    void fileAndSharedMemoryPagesReadOnlyTheirMapCountForTheyCannotBeTheZeroPage() throws IOException {
        int frames = (int) HIGH + PageFrames.WINDOW;
        // kpageflags is empty: any read of it would be a short read, reported.
        PageFrames pageFrames = new PageFrames(Files.createFile(dir.resolve("kpageflags")),
                file("kpagecount", frames, Map.of((int) LOW, 3L, (int) HIGH, 1L)));
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(file("pagemap", 2, Map.of(0, PRESENT | FILE | LOW,
                1, PRESENT | FILE | HIGH)), PAGE, 4, pageFrames, true)) {
            file.walk(0, 2 * PAGE, new long[0], counts);
        }

        assertEquals(null, counts.firstError());
        assertEquals(1, counts.shared());
        assertEquals(1 / 3.0 + 1, counts.proportional(), 1e-9);
    }

    @Test
    void framesBeyondTheEndOfKpageflagsAreReportedNotCountedAsPlainPages() throws IOException {
        PageCounts counts = count(Map.of(0, PRESENT | (HIGH + 100L * PageFrames.WINDOW)), 4, Map.of(), Map.of());

        assertEquals(1, counts.present());
        assertEquals(1, counts.framesUnreadable());
        assertEquals(0, counts.proportional(), 1e-9);
        assertTrue(counts.firstError().startsWith("short read of " + dir.resolve("kpageflags")), counts.firstError());
    }

    @Test
    void pmdMappedRunsReadOneFramePerHugePageAndCountItForAllItsPresentPages() throws IOException {
        int block = (int) (PAGE / 8);
        Map<Integer, Long> pagemap = new java.util.HashMap<>();
        for (int i = 0; i < block; i++) {
            pagemap.put(i, PRESENT | (LOW + i));
        }
        for (int i = 0; i < 100; i++) {
            pagemap.put(block + i, PRESENT | (HIGH + i));
        }
        int frames = (int) HIGH + PageFrames.WINDOW;
        // Only the first frame of each huge page says anything: reading the others would count nothing.
        PageFrames pageFrames = new PageFrames(file("kpageflags", frames, Map.of((int) LOW, THP, (int) HIGH, THP)),
                file("kpagecount", frames, Map.of((int) LOW, 2L, (int) HIGH, 1L)));
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(file("pagemap", 2 * block, pagemap), PAGE, PagemapFile.BATCH_PAGES,
                pageFrames, true)) {
            file.walkPresent(0, (block + 100) * PAGE, true, RunState.HUGE, counts);
        }

        assertEquals(block + 100, counts.huge());
        assertEquals(block, counts.shared());
        assertEquals(block / 2.0 + 100, counts.proportional(), 1e-9);
        assertEquals(0, counts.framesUnreadable());
    }
}
