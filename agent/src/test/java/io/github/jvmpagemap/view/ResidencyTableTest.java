package io.github.jvmpagemap.view;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.scan.Detail;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidencyTableTest {
    private static final long MIB = 1 << 20;
    private static final long NA = Figure.UNAVAILABLE;

    private static Residency residency(Detail detail, long huge, long folio, long zero, long shared, long pss) {
        RegionResidency heap = RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, 0, 512 * MIB, 512 * MIB, 256 * MIB, 128 * MIB,
                16 * MIB, huge, folio, zero, shared, pss, NA, NA, NA, 128 * MIB, 0);
        return new Residency(Instant.EPOCH, 1_500_000, "scan", detail, "G1", List.of(heap), 200 * MIB, 0, 65536,
                List.of(), 1);
    }

    @Test
    void basicDetailShowsHugeAndZeroButNoSharingColumns() {
        String[] lines = ResidencyTable.format(residency(Detail.BASIC, 64 * MIB, NA, NA, NA, NA)).split("\n");

        assertEquals("jvm-pagemap residency at 1970-01-01 00:00:00 UTC (G1, scan, detail basic, scan 1.5 ms,"
                + " 65536 pages)", lines[0]);
        assertEquals(List.of("Region", "Reserved", "Committed", "Resident", "Swapped", "HugePage", "LargeFolio",
                "ZeroPage", "Resident%"), List.of(lines[1].split("\\s+")));
        assertEquals(List.of("Java Heap", "512.0 MiB", "256.0 MiB", "128.0 MiB", "16.00 MiB", "64.00 MiB", "n/a", "n/a",
                "50.0%"), List.of(lines[2].split("\\s{2,}")));
    }

    @Test
    void theTableAtExitShowsEachRowsPeakBesideItsResidentAndVmHwmBesideVmRss() {
        RegionResidency heap = RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, 0, 512 * MIB, 512 * MIB,
                256 * MIB, 128 * MIB, 0, 0, NA, 0, NA, NA, NA, NA, NA, 300 * MIB, 0);
        Residency r = new Residency(Instant.EPOCH, 1_500_000, "scan", Detail.BASIC, "G1", List.of(heap), 200 * MIB,
                0, 0, 65536, List.of(), 1, List.of(), -1, 420 * MIB, 10_000_000_000L);

        String[] lines = ResidencyTable.format(r, true).split("\n");

        assertTrue(lines[0].endsWith(", at exit)"), lines[0]);
        assertEquals(List.of("Region", "Reserved", "Committed", "Resident", "Peak", "Swapped", "HugePage",
                "LargeFolio", "ZeroPage", "Resident%"), List.of(lines[1].split("\\s+")));
        assertEquals(List.of("Java Heap", "512.0 MiB", "256.0 MiB", "128.0 MiB", "300.0 MiB", "0 B", "0 B", "n/a",
                "0 B", "50.0%"), List.of(lines[2].split("\\s{2,}")));
        assertEquals(List.of("Process resident (VmRSS)", "200.0 MiB"), List.of(lines[3].split("\\s{2,}")));
        assertEquals(List.of("Process peak resident (VmHWM)", "420.0 MiB"), List.of(lines[4].split("\\s{2,}")));
        assertEquals(lines[3].length(), lines[4].length(), "VmHWM lines up under VmRSS");
        assertFalse(ResidencyTable.format(r).contains("Peak"), "only the table at exit has the peaks");
    }

    @Test
    void aScanWithAWriteWindowAddsWrittenAndUntrackedAndSaysHowLongTheWindowWas() {
        RegionResidency heap = RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, 0, 512 * MIB, 512 * MIB,
                256 * MIB, 128 * MIB, 0, 0, NA, 0, NA, NA, 40 * MIB, 0, 2 * MIB, 128 * MIB, 0);
        Residency r = new Residency(Instant.EPOCH, 1_500_000, "scan", Detail.BASIC, "G1", List.of(heap), 200 * MIB,
                0, 0, 65536, List.of(), 1, List.of(), 1_500_000_000L);

        String[] lines = ResidencyTable.format(r).split("\n");

        assertEquals("jvm-pagemap residency at 1970-01-01 00:00:00 UTC (G1, scan, detail basic, scan 1.5 ms,"
                + " 65536 pages, write window 1.50 s)", lines[0]);
        assertEquals(List.of("Region", "Reserved", "Committed", "Resident", "Swapped", "HugePage", "LargeFolio",
                "ZeroPage", "Written", "Untracked", "Resident%"), List.of(lines[1].split("\\s+")));
        assertEquals(List.of("Java Heap", "512.0 MiB", "256.0 MiB", "128.0 MiB", "0 B", "0 B", "n/a", "0 B",
                "40.00 MiB", "2.000 MiB", "50.0%"), List.of(lines[2].split("\\s{2,}")));
        assertEquals(lines[1].length(), lines[2].length(), "right-aligned columns end together");
    }

    @Test
    void fullDetailAddsSharedAndProportionalAndEveryColumnLinesUp() {
        String[] lines = ResidencyTable.format(residency(Detail.FULL, 0, 3 * MIB, 4096, 2 * MIB, 127 * MIB)).split("\n");

        assertEquals(List.of("Region", "Reserved", "Committed", "Resident", "Swapped", "HugePage", "LargeFolio", "ZeroPage",
                "Shared", "Proportional", "Resident%"), List.of(lines[1].split("\\s+")));
        assertEquals(List.of("Java Heap", "512.0 MiB", "256.0 MiB", "128.0 MiB", "16.00 MiB", "0 B", "3.000 MiB", "4.000 KiB",
                "2.000 MiB", "127.0 MiB", "50.0%"), List.of(lines[2].split("\\s{2,}")));
        assertEquals(lines[1].length(), lines[2].length(), "right-aligned columns end together");
        assertTrue(lines[3].startsWith("Process resident (VmRSS)") && lines[3].endsWith("200.0 MiB"), lines[3]);
        assertEquals(lines[1].indexOf("Resident ") + "Resident".length(), lines[3].length(),
                "totals end under the Resident column");
    }

    @Test
    void notAttributedShowsAMomentaryNegativeWithItsSignAndAnUnreadableVmRssAsNotAvailable() {
        RegionResidency heap = RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, 0, 512 * MIB, 512 * MIB, 256 * MIB, 128 * MIB,
                0, NA, NA, NA, NA, NA, NA, NA, NA, 128 * MIB, 0);
        Residency lagging = new Residency(Instant.EPOCH, 1, "pagemap", Detail.BASIC, "G1", List.of(heap),
                128 * MIB - 12288, 0, 65536, List.of(), 1);
        Residency unreadable = new Residency(Instant.EPOCH, 1, "pagemap", Detail.BASIC, "G1", List.of(heap), -1, 0, 65536,
                List.of(), 1);

        assertEquals("-12.00 KiB", lastFigure(ResidencyTable.format(lagging), "  not attributed"));
        assertEquals("n/a", lastFigure(ResidencyTable.format(unreadable), "Process resident (VmRSS)"));
        assertEquals("n/a", lastFigure(ResidencyTable.format(unreadable), "  not attributed"));
    }

    @Test
    void hugetlbPagesVmRssLeavesOutHaveALineAndNothingIsLeftNotAttributed() {
        // A heap of 256 MiB on hugetlb pages: the row holds them, VmRSS does not.
        RegionResidency heap = RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, 0, 256 * MIB, 256 * MIB,
                256 * MIB, 256 * MIB, 0, 256 * MIB, NA, NA, NA, NA, NA, NA, NA, 256 * MIB, 0);
        RegionResidency rest = RegionResidency.of("Native Heap", null, RowKind.PROCESS_CATEGORY, 0, 0, 0, 70 * MIB,
                70 * MIB, 0, 0, NA, NA, NA, NA, NA, NA, NA, 70 * MIB, 0);
        Residency r = new Residency(Instant.EPOCH, 1, "scan", Detail.BASIC, "G1", List.of(heap, rest), 70 * MIB,
                256 * MIB, 0, 65536, List.of(), 1, List.of());

        String table = ResidencyTable.format(r);

        assertEquals("256.0 MiB", lastFigure(table, "  " + ResidencyTable.HUGETLB));
        assertEquals("0 B", lastFigure(table, "  not attributed"));
        assertTrue(table.indexOf(ResidencyTable.HUGETLB) < table.indexOf("not attributed"), table);
        assertEquals(-1, ResidencyTable.format(residency(Detail.BASIC, 0, NA, NA, NA, NA)).indexOf(ResidencyTable.HUGETLB),
                "no line without hugetlb pages");
    }

    @Test
    void namesTheApplicationChoseCannotActOnTheTerminal() {
        RegionResidency heap = RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, 0, 512 * MIB, 512 * MIB,
                256 * MIB, 128 * MIB, 0, NA, NA, NA, NA, NA, NA, NA, NA, 128 * MIB, 0);
        Residency r = new Residency(Instant.EPOCH, 1, "scan", Detail.BASIC, "G1", List.of(heap), 200 * MIB, 0, 0,
                65536, List.of("Native Heap: /tmp/lib\u001b[2J.so is loaded"), 1,
                List.of(new ThreadStackGroup("esc\u001b[31mRED\u001b[0m\u001b]0;title\u0007", 1, 8192, 0),
                        new ThreadStackGroup("two\n  Java Heap", 1, 4096, 0)));

        String table = ResidencyTable.format(r);

        assertEquals(-1, table.indexOf('\u001b'), table);
        assertEquals(-1, table.indexOf('\u0007'), table);
        assertTrue(table.contains("  esc\\u001b[31mRED\\u001b[0m\\u001b]0;title\\u0007 "), table);
        assertTrue(table.contains("  two\\n  Java Heap "), table);
        assertEquals(1, table.lines().filter(l -> l.startsWith("Java Heap")).count(), "no line that reads like a row");
        assertTrue(table.contains("warning: Native Heap: /tmp/lib\\u001b[2J.so is loaded"), table);
    }

    private static String lastFigure(String table, String label) {
        String line = table.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow();
        return line.substring(label.length()).strip();
    }
}
