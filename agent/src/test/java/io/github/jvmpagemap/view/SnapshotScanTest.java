package io.github.jvmpagemap.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.jvm.JvmLayout;
import io.github.jvmpagemap.jvm.MBeanDiagnosticCommands;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.recording.PageMapSnapshot;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.scan.PageState;
import io.github.jvmpagemap.scan.PagemapFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot of this test JVM read back: the figures are those of the scan that wrote it, and the
 * cells, filled from the runs alone, add up to that scan's own figures (counted by the scanner,
 * not by the cells).
 */
class SnapshotScanTest {
    @TempDir
    Path dir;

    @Test
    void theFileGivesBackItsScansFiguresAndCellsThatAddUpToThem() throws IOException {
        ProcFiles proc = ProcFiles.self();
        Path file = dir.resolve("snapshot.jfr");
        Residency written;
        try (PagemapFile pages = new PagemapFile(proc.pagemap(), proc.pageSize())) {
            ResidencyScanner scanner = new ResidencyScanner(proc, pages,
                    JvmLayout.of(new MBeanDiagnosticCommands(), proc.pageSize()), proc.pageSize());
            written = PageMapSnapshot.write(file, scanner);
        }

        SnapshotScan read = SnapshotScan.read(file);

        assertEquals(ProcessHandle.current().pid(), read.pid());
        // Times are kept in milliseconds, as JMX and report --json give them.
        assertEquals(written.time().truncatedTo(ChronoUnit.MILLIS), read.residency().time());
        assertEquals(written.regions(), read.residency().regions());
        assertEquals(List.of(written.durationNanos(), written.processResidentBytes(), written.extraViewBytes(),
                written.pagesExamined()), List.of(read.residency().durationNanos(),
                read.residency().processResidentBytes(), read.residency().extraViewBytes(),
                read.residency().pagesExamined()));
        assertEquals(List.of(written.method(), written.detail(), written.collector(), written.problems()),
                List.of(read.residency().method(), read.residency().detail(), read.residency().collector(),
                        read.residency().problems()));
        assertTrue(read.grids().size() >= 4, read.grids()::toString);
        for (CellGrid grid : read.grids()) {
            RegionResidency row = written.regions().stream()
                    .filter(r -> !r.isSubRegion() && r.region().equals(grid.region())).findFirst().orElseThrow();
            long present = grid.total(PageState.RESIDENT.ordinal()) + grid.total(PageState.HUGE.ordinal())
                    + grid.total(PageState.ZERO.ordinal());
            long committed = present + grid.total(PageState.SWAPPED.ordinal())
                    + grid.total(PageState.NOT_PRESENT.ordinal());
            assertEquals(row.get(Figure.RESIDENT), present * CellGrid.UNIT, grid.region() + " resident");
            assertEquals(row.get(Figure.COMMITTED), committed * CellGrid.UNIT, grid.region() + " committed");
            assertEquals(row.get(Figure.RESERVED), (committed + grid.total(CellGrid.NOT_COMMITTED)) * CellGrid.UNIT,
                    grid.region() + " reserved");
        }
    }

    @Test
    void aFileWithoutTheScansFiguresIsRefusedSayingWhy() throws IOException {
        Path file = Files.write(dir.resolve("other.jfr"), new byte[] {'F', 'L', 'R', 0});

        IOException e = assertThrows(IOException.class, () -> SnapshotScan.read(file));

        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), String.valueOf(e));
    }
}
