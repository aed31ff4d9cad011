package io.github.jvmpagemap.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.scan.Detail;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ResidencyPageTest {
    static final String HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"'&";

    private static String page(String name, String json, String problem) {
        long[] values = new long[Figure.MEASURED.size()];
        values[Figure.MEASURED.indexOf(Figure.START)] = 0x10000000L;
        values[Figure.MEASURED.indexOf(Figure.END)] = 0x10400000L;
        values[Figure.MEASURED.indexOf(Figure.RESERVED)] = 4 << 20;
        RegionResidency row = RegionResidency.of(name, null, RowKind.JVM_REGION, values);
        Residency r = new Residency(Instant.EPOCH, 1, "pagemap", Detail.BASIC, "G1", List.of(row), 100, 0, 1024,
                List.of(problem), 1);
        CellGrid grid = new CellGrid(name, List.of(new AddressRange(0x10000000L, 0x10400000L)), 0, List.of(name));
        return ResidencyPage.format("process " + name, new SnapshotScan(1, r, List.of(grid)), json);
    }

    @Test
    void noStringFromTheScanIsTakenAsMarkupOrScript() {
        String page = page(HOSTILE, "{\"name\": \"" + HOSTILE.replace("\"", "\\\"") + "\"}", HOSTILE);

        assertFalse(page.contains("<img"), "an element written by a name");
        assertFalse(page.contains("alert(1)</script>"), "a script element ended by a name");
        assertTrue(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)"), "the name shown as text");
        // one inline error hook, the two data blocks, the page's own script: nothing else opens a script
        Matcher scripts = Pattern.compile("<script").matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
        }
        assertEquals(4, count, page);
        assertEquals(4, page.split("</script>", -1).length - 1, "no data block ends early");
    }

    @Test
    void theLargestMapOfEveryCellInEveryStateKeepsThePageUnderTwoMegabytes() {
        long heap = 64L << 30;
        long start = 0x7000_0000_0000L;
        CellGrid grid = new CellGrid("Java Heap", List.of(new AddressRange(start, start + heap)), 0, List.of());
        // Every cell holds every state, each with a count of three or four digits.
        long[] units = {300, 200, 100, 150, 174};
        for (int c = 0; c < grid.cells(); c++) {
            long at = start + c * grid.cellSize();
            for (int state = 0; state < units.length; state++) {
                grid.add(at, at + units[state] * CellGrid.UNIT, state, -1);
                at += units[state] * CellGrid.UNIT;
            }
        }
        long[] values = new long[Figure.MEASURED.size()];
        RegionResidency row = RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, values);
        Residency r = new Residency(Instant.EPOCH, 1, "scan", Detail.FULL, "Parallel", List.of(row), 1, 0, 1,
                List.of(), 1);

        String page = ResidencyPage.format("process 1", new SnapshotScan(1, r, List.of(grid)), "{}");

        assertEquals(CellGrid.MAX_CELLS, grid.cells());
        assertTrue(page.length() < 2_000_000, () -> page.length() + " characters");
    }

    @Test
    void thePageAsksForNothingFromAnywhere() {
        String page = page("Java Heap", "{}", "a problem");

        for (String reference : List.of("http:", "https:", "//cdn", "url(", "@import", "@font-face", " src=", "href=")) {
            assertFalse(page.contains(reference), reference);
        }
        assertTrue(page.contains("Content-Security-Policy\" content=\"default-src 'none';"), "and forbids it");
    }
}
