package io.github.jvmpagemap.residency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.jvm.DiagnosticCommands;
import io.github.jvmpagemap.jvm.JvmLayout;
import io.github.jvmpagemap.jvm.PoolUsage;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.process.ProcessCategories;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.rows.RowNames;
import io.github.jvmpagemap.scan.WrittenPages;
import io.github.jvmpagemap.scan.AllPresentPageTable;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.Detail;
import io.github.jvmpagemap.scan.PageSink;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.RunState;
import io.github.jvmpagemap.scan.Sharing;
import io.github.jvmpagemap.scan.SharingCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidencyScannerTest {
    private static final long PAGE = 4096;
    private static final long KIB = 1024;

    // A Parallel heap reserved at [0x10000000, 0x10100000): old [0x10000000, 0x10040000),
    // eden [0x10040000, 0x10080000), from [0x10080000, 0x100a0000), to [0x100a0000, 0x100c0000),
    // and young reserve up to 0x10100000 that no space owns yet.
    private static final String HEAP_INFO = ""
            + " PSYoungGen      total 768K, used 0K [0x0000000010040000, 0x00000000100c0000, 0x0000000010100000)\n"
            + "  eden space 256K, 0% used [0x0000000010040000,0x0000000010040000,0x0000000010080000)\n"
            + "  from space 128K, 0% used [0x0000000010080000,0x0000000010080000,0x00000000100a0000)\n"
            + "  to   space 128K, 0% used [0x00000000100a0000,0x00000000100a0000,0x00000000100c0000)\n"
            + " ParOldGen       total 256K, used 0K [0x0000000010000000, 0x0000000010040000, 0x0000000010040000)\n"
            + "  object space 256K, 0% used [0x0000000010000000,0x0000000010000000,0x0000000010040000)\n";
    private static final String VSLIST = ""
            + "vsl non-class-space:\n"
            + "- node #0: base 0x0000000030000000: reserved=256.00 KB, committed=64.00 KB ( 25%), used=64.00 KB ( 25%)\n"
            + "vsl class-space:\n"
            + "- node #0: base 0x0000000031000000: reserved=1024.00 KB, committed=32.00 KB (  3%), used=32.00 KB (  3%)\n";
    private static final String CODECACHE = ""
            + "CodeCache: size=256Kb used=10Kb max_used=10Kb free=246Kb\n"
            + " bounds [0x0000000040000000, 0x0000000040010000, 0x0000000040040000]\n";
    private static final String VM_INFO = ""
            + "Heap address: 0x0000000010000000, size: 1 MB, Compressed Oops mode: 32-bit\n"
            + "CDS archive(s) mapped at: [0x0000000050000000-0x0000000050008000-0x0000000050008000), size 32768,"
            + " SharedBaseAddress: 0x0000000050000000, ArchiveRelocationMode: 1.\n";
    private static final String MAPS = ""
            // anonymous memory below the heap merged with its first committed part: only the heap's part counts
            + "0fff0000-10020000 rw-p 00000000 00:00 0 \n"
            + "10020000-10030000 ---p 00000000 00:00 0 \n"
            // one mapping across old, eden, from, to and the unowned young reserve
            + "10030000-100d0000 rw-p 00000000 00:00 0 \n"
            + "100d0000-10100000 ---p 00000000 00:00 0 \n"
            + "20000000-20010000 rw-p 00000000 00:00 0 \n"
            + "30000000-30010000 rw-p 00000000 00:00 0 \n"
            + "30010000-30040000 ---p 00000000 00:00 0 \n"
            + "31000000-31008000 rw-p 00000000 00:00 0 \n"
            + "31008000-31100000 ---p 00000000 00:00 0 \n"
            + "40000000-40010000 rwxp 00000000 00:00 0 \n"
            + "40010000-40040000 ---p 00000000 00:00 0 \n"
            + "50000000-50008000 rw-p 00001000 fe:00 328258                     /jdk/lib/server/classes.jsa\n"
            + "7ffc288f5000-7ffc28916000 rw-p 00000000 00:00 0                          [stack]\n";

    @TempDir
    Path proc;

    private AllPresentPageTable pageTable = new AllPresentPageTable();

    @BeforeEach
    void writeProcFiles() throws IOException {
        Files.writeString(proc.resolve("maps"), MAPS);
        Files.writeString(proc.resolve("status"), "Name:\tjava\nVmHWM:\t    5120 kB\nVmRSS:\t    4096 kB\n"
                + "HugetlbPages:\t       0 kB\n");
        // smaps as the kernel writes it, cut to the lines the huge-page fallback reads.
        Files.writeString(proc.resolve("smaps"), ""
                + "0fff0000-10020000 rw-p 00000000 00:00 0 \n"
                + "Rss:                 192 kB\n"
                + "AnonHugePages:        64 kB\n"
                + "10030000-100d0000 rw-p 00000000 00:00 0 \n"
                + "AnonHugePages:       640 kB\n"
                + "ShmemPmdMapped:        0 kB\n"
                + "30000000-30010000 rw-p 00000000 00:00 0 \n"
                + "AnonHugePages:         0 kB\n");
    }

    private String vslist = VSLIST;
    private PoolUsage pools = new PoolUsage(64 * KIB, new long[] {256 * KIB, 128 * KIB, 256 * KIB});

    /** The JVM's diagnostic commands, answering as the outputs above. */
    private DiagnosticCommands commands() {
        return command -> switch (command) {
            case "GC.heap_info" -> HEAP_INFO;
            case "VM.metaspace vslist" -> vslist;
            case "Compiler.codecache" -> CODECACHE;
            case "VM.info" -> VM_INFO;
            default -> throw new AssertionError(command);
        };
    }

    private ResidencyScanner scanner() {
        return new ResidencyScanner(new ProcFiles(proc), pageTable, JvmLayout.of(commands(), PAGE, () -> pools), PAGE);
    }

    private Residency scan() throws IOException {
        return scanner().scan();
    }

    @Test
    void walksEachCommittedMappingOnceWhateverSubRegionsItCrosses() throws IOException {
        scan();

        List<String> requests = pageTable.requests().stream()
                .map(r -> String.format("[%x, %x)%s", r[0], r[1], r.length > 2 ? " views" : ""))
                .toList();
        assertEquals(List.of(
                "[10000000, 10020000)", // PS Old Gen, clipped to the heap
                "[10030000, 100d0000)", // one mapping across old, eden, both survivors and the young reserve
                "[30000000, 30010000)", // Metaspace
                "[31000000, 31008000)", // Compressed Class Space
                "[40000000, 40010000)", // Code Cache
                "[50000000, 50008000)"), // CDS Archive
                requests);
    }

    @Test
    void everyRunReachesEachConsumerCutAtSubRegionBoundaries() throws IOException {
        List<String> runs = new ArrayList<>();
        List<String> committed = new ArrayList<>();
        scanner().scan(new RunConsumer() {
            @Override
            public void committed(Region region, int sub, long from, long to) {
                committed.add(describe(region, sub, from, to));
            }

            @Override
            public void run(Region region, int sub, long from, long to, long state) {
                runs.add(describe(region, sub, from, to));
            }

            private String describe(Region region, int sub, long from, long to) {
                return String.format("%s [%x, %x)", sub < 0 ? region.name() : region.subRegions().get(sub).name(),
                        from, to);
            }
        });

        List<String> heap = List.of(
                "PS Old Gen [10000000, 10020000)",
                "PS Old Gen [10030000, 10040000)",
                "PS Eden Space [10040000, 10080000)",
                "PS Survivor Space [10080000, 100a0000)",
                "PS Survivor Space [100a0000, 100c0000)",
                "Java Heap [100c0000, 100d0000)"); // young reserve: no space owns it
        assertEquals(heap, runs.subList(0, heap.size()));
        assertEquals(runs, committed, "all pages present: one run per committed piece");
        assertEquals("CodeCache [40000000, 40010000)", runs.get(heap.size() + 2));
    }

    @Test
    void committedAndResidentBytesOfEveryRegionAndSubRegion() throws IOException {
        Residency residency = scan();

        assertEquals(Map.of(
                "Java Heap", 768 * KIB,
                "PS Eden Space", 256 * KIB,
                "PS Survivor Space", 256 * KIB,
                "PS Old Gen", 192 * KIB,
                "Metaspace", 64 * KIB,
                "Compressed Class Space", 32 * KIB,
                "Code Cache", 64 * KIB,
                "CodeCache", 64 * KIB,
                "CDS Archive", 32 * KIB), committed(residency));
        for (RegionResidency row : residency.regions()) {
            assertEquals(row.get(Figure.COMMITTED), row.get(Figure.RESIDENT), row.displayName()
                    + ": every page is present");
            assertEquals(0, row.get(Figure.SWAPPED));
            assertEquals(0, row.get(Figure.UNREADABLE));
            assertEquals(RowKind.JVM_REGION, row.kind());
        }
        RegionResidency heap = residency.regions().get(0);
        assertEquals(0x10000000L, heap.get(Figure.START));
        assertEquals(0x10100000L, heap.get(Figure.END));
        assertEquals(1024 * KIB, heap.get(Figure.RESERVED));
        assertEquals(List.of(), residency.problems());
    }

    @Test
    void eachRowsPeakIsTheHighestResidentAnyScanSawUntilThePeaksAreReset() throws IOException {
        ResidencyScanner scanner = scanner();
        Residency first = scanner.scan();
        assertEquals(64 * KIB, row(first, "Code Cache").get(Figure.PEAK_RESIDENT));
        assertEquals(5120 * KIB, first.processPeakResidentBytes(), "VmHWM");

        // The code cache shrinks to half: its peak stays where it was, the others follow their resident.
        Files.writeString(proc.resolve("maps"), MAPS.replace("40000000-40010000 rwxp 00000000 00:00 0 \n"
                + "40010000-40040000 ---p", "40000000-40008000 rwxp 00000000 00:00 0 \n40008000-40040000 ---p"));
        Residency shrunk = scanner.scan();
        assertEquals(32 * KIB, row(shrunk, "Code Cache").get(Figure.RESIDENT));
        assertEquals(64 * KIB, row(shrunk, "Code Cache").get(Figure.PEAK_RESIDENT));
        for (RegionResidency r : shrunk.regions()) {
            assertTrue(r.get(Figure.PEAK_RESIDENT) >= r.get(Figure.RESIDENT), r.displayName());
        }

        Files.writeString(proc.resolve("clear_refs"), "");
        scanner.resetPeaks();
        assertEquals("5", Files.readString(proc.resolve("clear_refs")), "VmHWM is reset the kernel's way");
        Residency reset = scanner.scan();
        assertEquals(32 * KIB, row(reset, "Code Cache").get(Figure.PEAK_RESIDENT), "the peak starts again");
    }

    @Test
    void peaksThatCannotBeResetInTheKernelSaySoAndTheRowsPeaksAreResetAllTheSame() throws IOException {
        ResidencyScanner scanner = scanner();
        scanner.scan();
        Files.writeString(proc.resolve("maps"), MAPS.replace("40000000-40010000 rwxp 00000000 00:00 0 \n"
                + "40010000-40040000 ---p", "40000000-40008000 rwxp 00000000 00:00 0 \n40008000-40040000 ---p"));
        IOException e = assertThrows(IOException.class, scanner::resetPeaks);
        assertTrue(e.getMessage().startsWith("cannot reset VmHWM through " + proc.resolve("clear_refs")),
                e.getMessage());
        assertEquals(32 * KIB, row(scanner.scan(), "Code Cache").get(Figure.PEAK_RESIDENT));
    }

    @Test
    void whatVmRssHasBeyondTheRegionsIsUnattributed() throws IOException {
        Residency residency = scan();

        assertEquals(4096 * KIB, residency.processResidentBytes());
        // 768 + 64 + 32 + 64 + 32 KiB in the regions; sub-regions are not added again
        assertEquals(960 * KIB, residency.attributedBytes());
        assertEquals(0, residency.extraViewBytes());
        assertEquals(3136 * KIB, residency.unattributedBytes());
        assertEquals(960 * KIB / PAGE, residency.pagesExamined());
    }

    @Test
    void hugetlbPagesInTheRowsButNotInVmRssAreReconciled() throws IOException {
        // 768 KiB of the heap on hugetlb pages: resident in the heap's row, not in VmRSS.
        Files.writeString(proc.resolve("status"), "VmRSS:\t    3328 kB\nHugetlbPages:\t     768 kB\n");

        Residency residency = scan();

        assertEquals(3328 * KIB, residency.processResidentBytes());
        assertEquals(768 * KIB, residency.hugetlbBytes());
        assertEquals(960 * KIB, residency.attributedBytes());
        assertEquals(3136 * KIB, residency.unattributedBytes(), "not attributed is VmRSS + hugetlb - the rows");
    }

    @Test
    void aMissingStatusFileLeavesVmRssUnknown() throws IOException {
        Files.delete(proc.resolve("status"));

        Residency residency = scan();

        assertEquals(-1, residency.processResidentBytes());
        assertEquals(-1, residency.unattributedBytes());
        assertEquals(List.of("VmRSS: " + proc.resolve("status") + " could not be read"), residency.problems());
    }

    private static Map<String, Long> committed(Residency residency) {
        return residency.regions().stream()
                .collect(Collectors.toMap(RegionResidency::displayName, r -> r.get(Figure.COMMITTED)));
    }

    @Test
    void withoutHugePagesFromThePageTableSmapsGivesThemPerMappingInProportion() throws IOException {
        Residency residency = scan();

        Map<String, Long> huge = residency.regions().stream()
                .collect(Collectors.toMap(RegionResidency::displayName, r -> r.get(Figure.HUGE_PAGE)));
        // [0fff0000, 10020000) holds 64 KiB in 192 KiB, of which the heap has 128 KiB: 2/3 of it.
        // [10030000, 100d0000) holds 640 KiB in 640 KiB, shared out by size between the spaces.
        assertEquals(Map.of(
                "Java Heap", 40 * KIB + 640 * KIB,
                "PS Old Gen", 40 * KIB + 64 * KIB,
                "PS Eden Space", 256 * KIB,
                "PS Survivor Space", 256 * KIB,
                "Metaspace", 0L,
                "Compressed Class Space", 0L,
                "Code Cache", 0L,
                "CodeCache", 0L,
                "CDS Archive", 0L), huge);
    }

    @Test
    void largeFoliosAreTheFramesLargeFoliosLessWhatSmapsSaysIsPmdMappedPerMapping() throws IOException {
        // As an explicit detail=full on the pagemap path: every present page's frame is on a large folio.
        pageTable = new AllPresentPageTable(RunState.LARGE_FOLIO, Capability.LARGE_FOLIOS);

        Residency residency = scan();

        Map<String, Long> folio = residency.regions().stream()
                .collect(Collectors.toMap(RegionResidency::displayName, r -> r.get(Figure.LARGE_FOLIO)));
        // PS Old Gen: 192 KiB present, PMD-mapped 40 KiB (2/3 of 64 KiB, whole pages) + 64 KiB of the next mapping.
        // The other spaces' mapping is all AnonHugePages; no smaps figure elsewhere.
        assertEquals(Map.of(
                "Java Heap", 88 * KIB,
                "PS Old Gen", 88 * KIB,
                "PS Eden Space", 0L,
                "PS Survivor Space", 0L,
                "Metaspace", 64 * KIB,
                "Compressed Class Space", 32 * KIB,
                "Code Cache", 64 * KIB,
                "CodeCache", 64 * KIB,
                "CDS Archive", 32 * KIB), folio);
    }

    @Test
    void hugetlbPagesAreNotTakenOffLargeFolios() throws IOException {
        // kpageflags marks hugetlb pages HUGE, never THP: smaps' *_Hugetlb are huge pages, not PMD-mapped folios.
        Files.writeString(proc.resolve("smaps"), ""
                + "30000000-30010000 rw-p 00000000 00:00 0 \n"
                + "AnonHugePages:         0 kB\n"
                + "Private_Hugetlb:      32 kB\n"
                + "31000000-31008000 rw-p 00000000 00:00 0 \n"
                + "AnonHugePages:        16 kB\n"
                + "Shared_Hugetlb:       16 kB\n");
        pageTable = new AllPresentPageTable(RunState.LARGE_FOLIO, Capability.LARGE_FOLIOS);

        Residency residency = scan();

        RegionResidency metaspace = residency.regions().stream().filter(r -> r.displayName().equals("Metaspace"))
                .findFirst().orElseThrow();
        RegionResidency classSpace = residency.regions().stream()
                .filter(r -> r.displayName().equals("Compressed Class Space")).findFirst().orElseThrow();
        assertEquals(32 * KIB, metaspace.get(Figure.HUGE_PAGE));
        assertEquals(64 * KIB, metaspace.get(Figure.LARGE_FOLIO));
        assertEquals(32 * KIB, classSpace.get(Figure.HUGE_PAGE));
        assertEquals(16 * KIB, classSpace.get(Figure.LARGE_FOLIO));
    }

    @Test
    void withoutSmapsLargeFoliosAreUnavailableSinceThePmdMappedCannotBeTakenOff() throws IOException {
        Files.delete(proc.resolve("smaps"));
        pageTable = new AllPresentPageTable(RunState.LARGE_FOLIO, Capability.LARGE_FOLIOS);

        Residency residency = scan();

        for (RegionResidency row : residency.regions()) {
            assertEquals(Figure.UNAVAILABLE, row.get(Figure.LARGE_FOLIO), row.displayName());
        }
        assertEquals(List.of("hugePage and largeFolio: " + proc.resolve("smaps") + " could not be read (No such file"
                + " or directory)"), residency.problems());
    }

    @Test
    void aWriteWindowGivesEachRowItsWrittenPagesAndWhatItCouldNotWatch() throws IOException {
        WrittenPages window = new WrittenPages();
        // Eden [0x10040000, 0x10080000): tracked whole, its first 64 KiB written; old gen's tracked
        // part ends at 0x10020000 (the rest is a mapping the window could not watch); metaspace
        // tracked and written whole; nothing else tracked.
        window.tracked(0x10000000L, 0x10020000L);
        window.tracked(0x10040000L, 0x10080000L);
        window.written(0x10040000L, 0x10050000L);
        window.tracked(0x30000000L, 0x30010000L);
        window.written(0x30000000L, 0x30010000L);
        window.windowEnded(1_000_000_000L);

        Residency residency = scanner().scan(null, window);

        assertEquals(1_000_000_000L, residency.writeWindowNanos());
        assertEquals(64 * KIB, row(residency, "PS Eden Space").get(Figure.WRITTEN));
        assertEquals(0, row(residency, "PS Eden Space").get(Figure.UNTRACKED));
        assertEquals(0, row(residency, "PS Old Gen").get(Figure.WRITTEN));
        // Old gen is resident at [0x10000000, 0x10020000) and [0x10030000, 0x10040000): the second part untracked.
        assertEquals(64 * KIB, row(residency, "PS Old Gen").get(Figure.UNTRACKED));
        assertEquals(64 * KIB, row(residency, "Metaspace").get(Figure.WRITTEN));
        assertEquals(32 * KIB, row(residency, "CDS Archive").get(Figure.UNTRACKED));
        RegionResidency heap = residency.regions().get(0);
        assertEquals(64 * KIB, heap.get(Figure.WRITTEN), "a row's written is its sub-rows' and its own");
        assertEquals(768 * KIB - 128 * KIB - 256 * KIB, heap.get(Figure.UNTRACKED));
        for (RegionResidency row : residency.regions()) {
            assertTrue(row.get(Figure.WRITTEN) + row.get(Figure.UNTRACKED) <= row.get(Figure.RESIDENT),
                    row.toString());
        }
    }

    @Test
    void aSampledWindowEstimatesEachRowsWrittenPagesFromItsBlocks() throws IOException {
        long eden = 0x10040000L;
        long blockSize = WrittenPages.SAMPLE_BLOCK;
        // Eden, 64 pages in 8 blocks, tracked whole; every other page written: each sampled block
        // is half written, and so is the estimate, exactly, with no spread between blocks.
        WrittenPages even = sampledEden(eden, blockSize, page -> (page / PAGE) % 2 == 0);
        RegionResidency half = row(scanner().scan(null, even), "PS Eden Space");
        assertEquals(32 * PAGE, half.get(Figure.WRITTEN), half::toString);
        assertEquals(0, half.get(Figure.WRITTEN_ERROR), half::toString);
        assertEquals(0, half.get(Figure.UNTRACKED));

        // Only the first sampled block written: blocks differ, and the estimate has an error.
        long first = eden;
        while (!WrittenPages.sampled(first, 2)) {
            first += blockSize;
        }
        long written = first;
        WrittenPages one = sampledEden(eden, blockSize, page -> page >= written && page < written + blockSize);
        RegionResidency r = row(scanner().scan(null, one), "PS Eden Space");
        assertTrue(r.get(Figure.WRITTEN) > 0 && r.get(Figure.WRITTEN) < 64 * PAGE, r::toString);
        assertTrue(r.get(Figure.WRITTEN_ERROR) > 0, r::toString);
    }

    /** A window over eden that sampled one block in 2, eden's pages written where {@code written} says. */
    private static WrittenPages sampledEden(long eden, long blockSize, java.util.function.LongPredicate written) {
        WrittenPages window = new WrittenPages();
        window.clear(2);
        window.tracked(eden, eden + 64 * PAGE);
        for (long page = eden; page < eden + 64 * PAGE; page += PAGE) {
            if (WrittenPages.sampled(page, 2)) {
                window.sampledPiece(page, page + PAGE, written.test(page));
            }
        }
        window.windowEnded(1);
        return window;
    }

    @Test
    void anExactWindowHasNoError() throws IOException {
        WrittenPages window = new WrittenPages();
        window.tracked(0x10040000L, 0x10080000L);
        window.written(0x10040000L, 0x10050000L);
        window.windowEnded(1);

        assertEquals(0, row(scanner().scan(null, window), "PS Eden Space").get(Figure.WRITTEN_ERROR));
    }

    @Test
    void withoutAWriteWindowWrittenAndUntrackedAreUnavailable() throws IOException {
        Residency residency = scan();

        assertEquals(-1, residency.writeWindowNanos());
        assertFalse(residency.hasWriteWindow());
        for (RegionResidency row : residency.regions()) {
            assertEquals(Figure.UNAVAILABLE, row.get(Figure.WRITTEN), row.displayName());
            assertEquals(Figure.UNAVAILABLE, row.get(Figure.UNTRACKED), row.displayName());
        }
    }

    @Test
    void figuresThePageTableCannotMeasureAreUnavailableNotZero() throws IOException {
        Files.delete(proc.resolve("smaps"));

        Residency residency = scan();

        assertEquals(Detail.BASIC, residency.detail());
        for (RegionResidency row : residency.regions()) {
            for (Figure figure : List.of(Figure.HUGE_PAGE, Figure.LARGE_FOLIO, Figure.ZERO_PAGE, Figure.SHARED,
                    Figure.PROPORTIONAL)) {
                assertEquals(Figure.UNAVAILABLE, row.get(figure), row.displayName() + " " + figure.id());
            }
        }
        assertEquals(List.of("hugePage: " + proc.resolve("smaps") + " could not be read (No such file or directory)"),
                residency.problems());
    }
    /**
     * A page table of auto's frames: every page present; walks that read sharing report
     * {@code readNanos} each in the kernel's reads, those that leave it unread mark their runs.
     */
    private static final class FramesPageTable implements PageTable {
        /** How each walk of the library was asked to read its sharing. */
        final List<Sharing> fileWalks = new ArrayList<>();
        private final long readNanos;
        private boolean timing;
        private long nanos;

        FramesPageTable(long readNanos) {
            this.readNanos = readNanos;
        }

        @Override
        public String method() {
            return "frames";
        }

        @Override
        public boolean measures(Capability capability) {
            return capability == Capability.SHARING || capability == Capability.MAP_COUNTS;
        }

        @Override
        public boolean readsMoreForSharing() {
            return true;
        }

        @Override
        public SharingCost sharingCost() {
            return new SharingCost() {
                @Override
                public void timing(boolean on) {
                    timing = on;
                }

                @Override
                public long readNanos() {
                    return nanos;
                }

                @Override
                public long workNanos() {
                    return nanos;
                }
            };
        }

        @Override
        public void walk(long start, long end, long[] views, Sharing sharing, PageSink sink) {
            if (start == LIBRARY) {
                fileWalks.add(sharing);
            }
            if (sharing == Sharing.UNREAD) {
                sink.run(start, end, RunState.PRESENT | RunState.SHARING_UNREAD | RunState.MAP_COUNT_UNREAD);
                return;
            }
            if (sharing == Sharing.READ && timing) {
                nanos += readNanos;
            }
            sink.run(start, end, RunState.of(RunState.PRESENT | RunState.SHARED, 0, 2));
        }

        @Override
        public void close() {
        }
    }

    private static final long LIBRARY = 0x7f0000000000L;

    /** The layout with the process categories, over the maps plus a shared library's mapping at {@link #LIBRARY}. */
    private ResidencyScanner processScanner(PageTable table, List<String> notes) throws IOException {
        // In address order, as the kernel writes them: the library before the stack, the vDSO after.
        Files.writeString(proc.resolve("maps"), MAPS.replace("7ffc288f5000-",
                "7f0000000000-7f0000010000 r-xp 00000000 fe:00 4242                       /usr/lib/libz.so.1\n"
                + "7ffc288f5000-")
                + "7ffc28a00000-7ffc28a02000 r-xp 00000000 00:00 0                          [vdso]\n");
        return new ResidencyScanner(new ProcFiles(proc), table, ProcessCategories.of(commands(), new ProcFiles(proc),
                PAGE), PAGE, notes::add);
    }

    @Test
    void autoLeavesTheSharingOfMappedFilesUnreadWhereItsReadsCostMoreThanAQuarterOfTheScan() throws IOException {
        // Each walk that reads sharing costs a second of reads: far beyond the rest of any scan.
        FramesPageTable table = new FramesPageTable(1_000_000_000L);
        List<String> notes = new ArrayList<>();
        ResidencyScanner scanner = processScanner(table, notes);
        int window = SharingBudget.SETTLING_SCANS + SharingBudget.MEASURED_SCANS;
        for (int i = 0; i < window; i++) {
            Residency r = scanner.scan();
            assertTrue(row(r, RowNames.SHARED_LIBRARIES).get(Figure.SHARED) > 0, "read until decided, scan " + i);
        }
        assertEquals(1, notes.size(), () -> notes.toString());
        assertTrue(notes.get(0).startsWith("detail=auto leaves the sharing of mapped files"), notes.get(0));
        Residency after = scanner.scan();
        assertEquals(Sharing.UNREAD, table.fileWalks.get(table.fileWalks.size() - 1));
        RegionResidency libraries = row(after, RowNames.SHARED_LIBRARIES);
        assertEquals(Figure.UNAVAILABLE, libraries.get(Figure.SHARED));
        assertEquals(Figure.UNAVAILABLE, libraries.get(Figure.PROPORTIONAL));
        assertEquals(0x10000, libraries.get(Figure.RESIDENT), "resident is still counted");
        assertEquals(Figure.UNAVAILABLE, row(after, RowNames.MAPPED_FILES).get(Figure.SHARED),
                "the row above holds those pages too");
        assertTrue(row(after, RowNames.OTHER_NATIVE).get(Figure.SHARED) >= 0x2000,
                "the kernel's vDSO pages are read all the same: they leave no row without its sharing");
        // The JVM's own regions are read all the same: the CDS archive is a mapped file too.
        RegionResidency archive = row(after, "CDS Archive");
        assertEquals(0x8000, archive.get(Figure.SHARED));
        assertEquals(0x4000, archive.get(Figure.PROPORTIONAL));
        scanner.scan();
        assertEquals(1, notes.size(), "said once");
    }

    @Test
    void autoKeepsReadingTheSharingOfMappedFilesWhereItsReadsCostLittle() throws IOException {
        FramesPageTable table = new FramesPageTable(0);
        List<String> notes = new ArrayList<>();
        ResidencyScanner scanner = processScanner(table, notes);
        for (int i = 0; i < 3 * (SharingBudget.SETTLING_SCANS + SharingBudget.MEASURED_SCANS); i++) {
            scanner.scan();
        }
        Residency r = scanner.scan();
        assertTrue(notes.isEmpty(), () -> notes.toString());
        assertEquals(0x10000, row(r, RowNames.SHARED_LIBRARIES).get(Figure.SHARED));
        assertTrue(table.fileWalks.stream().allMatch(s -> s == Sharing.READ), () -> table.fileWalks.toString());
    }

    private static RegionResidency row(Residency r, String name) {
        return r.regions().stream().filter(row -> (row.isSubRegion() ? row.subRegion() : row.region()).equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name + " in " + r.regions()));
    }
}
