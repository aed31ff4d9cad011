package io.github.jvmpagemap.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
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
    void aScanWithAWriteWindowMarksItsWrittenAndUntrackedCellsAndOneWithoutHasNone() throws Exception {
        long[] values = new long[Figure.MEASURED.size()];
        values[Figure.MEASURED.indexOf(Figure.RESIDENT)] = 8 << 20;
        values[Figure.MEASURED.indexOf(Figure.WRITTEN)] = 3 << 20;
        values[Figure.MEASURED.indexOf(Figure.UNTRACKED)] = 1 << 20;
        RegionResidency row = RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, values);
        Residency windowed = new Residency(Instant.EPOCH, 1, "scan", Detail.BASIC, "G1", List.of(row), 8 << 20, 0, 0,
                1, List.of(), 1, List.of(), 2_000_000_000L);

        String page = ResidencyPage.format("process 1", new SnapshotScan(1, windowed, List.of()), "{}");

        assertTrue(page.contains("<td class=\"written\" data-key=\"writtenBytes\" data-value=\"3145728\">3.000 MiB</td>"),
                page);
        assertTrue(page.contains("<td class=\"untracked\" data-key=\"untrackedBytes\" data-value=\"1048576\">1.000 MiB</td>"),
                page);
        assertTrue(page.contains("write window 2.00 s"), page);
        assertTrue(page.contains("<p class=\"window\">"), page);
        assertPolicyAllowsOnlyItsOwn(page);

        values[Figure.MEASURED.indexOf(Figure.WRITTEN)] = Figure.UNAVAILABLE;
        values[Figure.MEASURED.indexOf(Figure.UNTRACKED)] = Figure.UNAVAILABLE;
        Residency unwindowed = new Residency(Instant.EPOCH, 1, "scan", Detail.BASIC, "G1",
                List.of(RegionResidency.of("Java Heap", null, RowKind.JVM_REGION, values)), 8 << 20, 0, 1, List.of(), 1);
        String plain = ResidencyPage.format("process 1", new SnapshotScan(1, unwindowed, List.of()), "{}");
        assertFalse(plain.contains("class=\"written\""), "no window, no written column");
        assertFalse(plain.contains("<p class=\"window\">"));
    }

    @Test
    void thePageAsksForNothingFromAnywhere() {
        // The SVG namespace is an identifier the script hands createElementNS, not a place to fetch from.
        String page = page("Java Heap", "{}", "a problem").replace("\"http://www.w3.org/2000/svg\"", "");

        for (String reference : List.of("http:", "https:", "//cdn", "url(", "@import", "@font-face", " src=", "href=")) {
            assertFalse(page.contains(reference), reference);
        }
        assertTrue(page.contains("Content-Security-Policy\" content=\"default-src 'none';"), "and forbids it");
    }

    @Test
    void thePolicyAllowsThePagesOwnScriptsAndStyleByTheirHashesAndNothingInline() throws Exception {
        String page = page("Java Heap", "{}", "a problem");

        assertPolicyAllowsOnlyItsOwn(page);
    }

    /** Every inline script and style is allowed by its hash (computed here), and nothing else is. */
    static void assertPolicyAllowsOnlyItsOwn(String page) throws Exception {
        Matcher policy = Pattern.compile("Content-Security-Policy\" content=\"([^\"]*)\"")
                .matcher(page);
        assertTrue(policy.find(), "a policy");
        String csp = policy.group(1);
        assertFalse(csp.contains("unsafe-inline"), csp);
        Matcher scripts = Pattern.compile("(?s)<script>(.*?)</script>").matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(csp.contains("'sha256-" + sha256(scripts.group(1)) + "'"), "script " + count + " allowed");
        }
        assertEquals(2, count, "the error hook and the page's script");
        Matcher style = Pattern.compile("(?s)<style>(.*?)</style>").matcher(page);
        assertTrue(style.find());
        assertTrue(csp.contains("style-src 'sha256-" + sha256(style.group(1)) + "'"), csp);
        assertEquals(count + 1, csp.split("'sha256-", -1).length - 1, "no hash for anything else: " + csp);
    }

    private static String sha256(String text) throws Exception {
        return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theLargestThreadStackGroupsAreListedAsTextWhateverTheyAreCalled() {
        long[] values = new long[Figure.MEASURED.size()];
        RegionResidency row = RegionResidency.of("Thread Stacks", null, RowKind.PROCESS_CATEGORY, values);
        String hostile = "<img src=x onerror=alert(1)> \"quoted\" 'single' & </script>";
        Residency r = new Residency(Instant.EPOCH, 1, "scan", Detail.BASIC, "G1", List.of(row), 1, 0, 0, 1,
                List.of(), 1, List.of(new ThreadStackGroup(hostile, 3, 3 << 20, 0)));

        String page = ResidencyPage.format("process 1", new SnapshotScan(1, r, List.of()),
                JsonReport.format(1, r, 1));

        assertTrue(page.contains("<table id=\"stack-groups\">"), page);
        assertTrue(page.contains("<th>&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39; &amp;"
                + " &lt;/script&gt;</th><td data-key=\"threads\" data-value=\"3\">3</td>"), page);
        assertFalse(page.contains("<img"), "no markup of the name's");
        // The error hook, the scan's JSON, the maps' cells and the page's script: no element the name closed.
        assertEquals(4, page.split("</script>", -1).length - 1, "no script closed by the name: " + page);
    }
}
