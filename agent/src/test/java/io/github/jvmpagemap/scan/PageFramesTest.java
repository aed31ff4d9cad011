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
        return count(pagemap, pages, flags, mapCounts, false);
    }

    /** @param everyFrame as an explicit detail=full: the flags of every present page are read */
    private PageCounts count(Map<Integer, Long> pagemap, int pages, Map<Integer, Long> flags,
            Map<Integer, Long> mapCounts, boolean everyFrame) throws IOException {
        int frames = (int) HIGH + PageFrames.WINDOW;
        PageFrames pageFrames = new PageFrames(file("kpageflags", frames, flags), file("kpagecount", frames, mapCounts),
                everyFrame);
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(new PagemapEntries(
                file("pagemap", pages, pagemap)), PAGE, 4, pageFrames, true)) {
            assertEquals(everyFrame, file.measures(Capability.LARGE_FOLIOS));
            file.walk(0, pages * PAGE, new long[0], counts);
        }
        return counts;
    }

    /**
     * Pages on large folios, mapped by PTEs or by a PMD (the pagemap path cannot tell which), a
     * hugetlb page, the huge zero page, shared and exclusive pages.
     */
    private static final Map<Integer, Long> FOLIO_PAGEMAP = Map.of(
            0, PRESENT | EXCLUSIVE | LOW,          // exclusive, on a large folio
            1, PRESENT | EXCLUSIVE | (LOW + 1),    // the same folio
            2, PRESENT | (LOW + 2),                // on a large folio, mapped twice
            3, PRESENT | EXCLUSIVE | (LOW + 3),    // plain, exclusive
            4, PRESENT | (HIGH + 1),               // hugetlb
            5, PRESENT | HIGH,                     // the huge zero page: marked THP too
            6, SWAPPED,
            7, PRESENT | EXCLUSIVE | (HIGH + 2));  // on a large folio, in another window
    private static final Map<Integer, Long> FOLIO_FLAGS = Map.of((int) LOW, THP, (int) LOW + 1, THP, (int) LOW + 2, THP,
            (int) HIGH + 1, HUGETLB, (int) HIGH, ZERO_PAGE | THP, (int) HIGH + 2, THP);
    // Were an exclusive page's count read, 3 would make it shared.
    private static final Map<Integer, Long> FOLIO_COUNTS = Map.of((int) LOW, 3L, (int) LOW + 1, 3L, (int) LOW + 2, 2L,
            (int) LOW + 3, 3L, (int) HIGH + 1, 1L, (int) HIGH, 0L, (int) HIGH + 2, 3L);

    @Test
    void everyFrameTellsLargeFoliosOfExclusivePagesToo() throws IOException {
        PageCounts counts = count(FOLIO_PAGEMAP, 8, FOLIO_FLAGS, FOLIO_COUNTS, true);

        assertEquals(7, counts.present());
        // Pages 0, 1, 2 and 7; not hugetlb, not the huge zero page.
        assertEquals(4, counts.largeFolio());
        assertEquals(1, counts.zero());
        assertEquals(1, counts.shared());
        // The exclusive pages' counts of 3 are not read: mapped once.
        assertEquals(1 + 1 + 0.5 + 1 + 1 + 1, counts.proportional(), 1e-9);
        assertEquals(0, counts.huge());
        assertEquals(0, counts.framesUnreadable());
    }

    @Test
    void withoutEveryFrameLargeFoliosAreNotToldAndExclusiveFramesNotRead() throws IOException {
        PageCounts counts = count(FOLIO_PAGEMAP, 8, FOLIO_FLAGS, FOLIO_COUNTS, false);

        assertEquals(0, counts.largeFolio());
        assertEquals(1, counts.zero());
        assertEquals(1, counts.shared());
        assertEquals(1 + 1 + 0.5 + 1 + 1 + 1, counts.proportional(), 1e-9);
    }

    @Test
    void smapsPmdMappedPagesAreTakenOffTheLargeFoliosButNeverBelowZero() throws IOException {
        PageCounts counts = count(FOLIO_PAGEMAP, 8, FOLIO_FLAGS, FOLIO_COUNTS, true);
        // A hugetlb page is a huge page but was never a large folio: only the PMD-mapped bytes come off.
        counts.addHugeBytes(3 * PAGE, 2 * PAGE);

        assertEquals(3, counts.huge());
        assertEquals(2, counts.largeFolio());

        counts.addHugeBytes(8 * PAGE, 8 * PAGE);
        assertEquals(0, counts.largeFolio());
    }

    @Test
    void exclusivePagesFlagsAreReadButNotTheirMapCounts() throws IOException {
        Map<Integer, Long> pagemap = Map.of(0, PRESENT | EXCLUSIVE | LOW, 1, PRESENT | EXCLUSIVE | (LOW + 1),
                2, PRESENT | EXCLUSIVE | HIGH);
        int frames = (int) HIGH + PageFrames.WINDOW;
        // An empty kpagecount: any read of it is a short read.
        PageFrames pageFrames = new PageFrames(file("kpageflags", frames, Map.of((int) LOW, THP, (int) HIGH, THP)),
                file("kpagecount", 0, Map.of()), true);
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(new PagemapEntries(
                file("pagemap", 3, pagemap)), PAGE, 4, pageFrames, true)) {
            file.walk(0, 3 * PAGE, new long[0], counts);
        }

        assertEquals(2, counts.largeFolio());
        assertEquals(3, counts.proportional(), 1e-9);
        assertEquals(0, counts.framesUnreadable(), counts.firstError());
    }

    @Test
    void onTheFastPathPmdMappedRunsAreHugePagesAndTheOthersLargeFoliosWhereTheFramesSay() throws IOException {
        int block = (int) (PAGE / 8);
        Map<Integer, Long> pagemap = new java.util.HashMap<>();
        for (int i = 0; i < block; i++) {
            pagemap.put(i, PRESENT | EXCLUSIVE | (LOW + i));
        }
        for (int i = 0; i < 16; i++) {
            pagemap.put(block + i, PRESENT | EXCLUSIVE | (HIGH + i));
        }
        pagemap.put(block + 16, PRESENT | EXCLUSIVE | (HIGH + 100));
        Map<Integer, Long> flags = new java.util.HashMap<>();
        for (int i = 0; i < block; i++) {
            flags.put((int) LOW + i, THP);
        }
        for (int i = 0; i < 16; i++) {
            flags.put((int) HIGH + i, THP);
        }
        int frames = (int) HIGH + PageFrames.WINDOW;
        PageFrames pageFrames = new PageFrames(file("kpageflags", frames, flags), file("kpagecount", frames, Map.of()),
                true);
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(new PagemapEntries(
                file("pagemap", 2 * block, pagemap)), PAGE, PagemapFile.BATCH_PAGES,
                pageFrames, true)) {
            // As PagemapScan hands on a run the ioctl calls HUGE, then one it does not.
            new PresentFrames(file.entries(), pageFrames, PAGE).walkHuge(0, block * PAGE, RunState.HUGE, counts);
            file.walk(block * PAGE, (block + 17) * PAGE, new long[0], counts);
        }

        assertEquals(block, counts.huge());
        assertEquals(16, counts.largeFolio(), "a 64 KiB folio; the page after it is plain");
        assertEquals(block + 17, counts.proportional(), 1e-9);
    }

    @Test
    void framesScatteredWithinAWindowSpanAreEachCountedOnce() throws IOException {
        // Page-cache frames as a shared library's pages have them: close, far and back again,
        // some within a few frames of each other and some hundreds apart, in one read window's span.
        long gapped = LOW + PageFrames.GAP + 1;
        PageCounts counts = count(Map.of(
                0, PRESENT | FILE | (LOW + 300),
                1, PRESENT | FILE | LOW,
                2, PRESENT | FILE | (LOW + 301),
                3, PRESENT | FILE | EXCLUSIVE | (LOW + 2),
                4, PRESENT | FILE | gapped,
                5, PRESENT | FILE | (LOW + 1),
                6, PRESENT | FILE | (LOW + 300),      // the same frame as page 0, mapped again here
                7, PRESENT | FILE | (LOW + PageFrames.WINDOW - 1)),
                8,
                Map.of(),
                Map.of((int) LOW + 300, 4L, (int) LOW, 2L, (int) LOW + 301, 3L, (int) LOW + 2, 5L, (int) gapped, 1L,
                        (int) LOW + 1, 6L, (int) LOW + PageFrames.WINDOW - 1, 2L));

        assertEquals(8, counts.present());
        assertEquals(6, counts.shared(), "every page not exclusive but the one with a map count of 1");
        // The exclusive page counts whole without its count (5) being read.
        assertEquals(1 / 4.0 + 1 / 2.0 + 1 / 3.0 + 1 + 1 + 1 / 6.0 + 1 / 4.0 + 1 / 2.0, counts.proportional(), 1e-9);
        assertEquals(0, counts.framesUnreadable());
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
        Path pagemap = file("pagemap", 4, Map.of(0, PRESENT | EXCLUSIVE, 1, PRESENT, 2, PRESENT | EXCLUSIVE, 3, SWAPPED));
        try (PagemapFile file = new PagemapFile(new PagemapEntries(pagemap), PAGE, 4, null, true)) {
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
                file("kpagecount", frames, Map.of((int) LOW, 3L, (int) HIGH, 1L)), false);
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(new PagemapEntries(file("pagemap", 2, Map.of(0, PRESENT | FILE | LOW,
                1, PRESENT | FILE | HIGH))), PAGE, 4, pageFrames, true)) {
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
                file("kpagecount", frames, Map.of((int) LOW, 2L, (int) HIGH, 1L)), true);
        PageCounts counts = new PageCounts(PAGE);
        try (PagemapFile file = new PagemapFile(new PagemapEntries(
                file("pagemap", 2 * block, pagemap)), PAGE, PagemapFile.BATCH_PAGES,
                pageFrames, true)) {
            new PresentFrames(file.entries(), pageFrames, PAGE)
                    .walkHuge(0, (block + 100) * PAGE, RunState.HUGE, counts);
        }

        assertEquals(block + 100, counts.huge());
        assertEquals(0, counts.largeFolio(), "mapped by a PMD: huge pages, not large folios");
        assertEquals(block, counts.shared());
        assertEquals(block / 2.0 + 100, counts.proportional(), 1e-9);
        assertEquals(0, counts.framesUnreadable());
    }
}
