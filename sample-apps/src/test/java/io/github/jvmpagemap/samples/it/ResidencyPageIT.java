package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.HeadlessChromium;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.User;
import io.github.jvmpagemap.samples.it.jvm.HeapRegionTable;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.Range;
import io.github.jvmpagemap.samples.it.published.Json;
import io.github.jvmpagemap.samples.it.published.RenderedPage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The residency page as a person sees it: Chromium loads what {@code report --html} wrote, its
 * scripts run without an error, and every number it shows (the table's cells, the VmRSS bar, each
 * map's totals) equals what {@code report --json} says for the same scan; from a running JVM and
 * from a snapshot file, whose heap cells are owned by their region's type in the JVM's own region
 * table ({@code VM.info}, read by the tests).
 */
class ResidencyPageIT {
    static final List<String> G1_APP = List.of("-XX:+UseG1GC", "-Xms512m", "-Xmx512m", "-Xmn128m");

    @TempDir
    Path dir;

    private HeadlessChromium chromium() {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(dir);
        assumeTrue(chromium.isPresent(), "no chromium on the PATH (.ci/run installs the Debian package)");
        return chromium.get();
    }

    @Cases
    void thePageOfARunningJvmShowsTheFiguresOfReportJsonWithoutScriptErrors(Case c, Apps apps) throws Exception {
        HeadlessChromium chromium = chromium();
        App app = apps.start(c.app("regions").agent("interval=1h").jvmArgs(G1_APP).seconds(300));
        Path page = dir.resolve("residency.html");

        CommandLineRun html = CommandLineRun.of(c.jdk(), "report", Long.toString(app.pid()), "--html", page.toString());
        CommandLineRun json = CommandLineRun.of(c.jdk(), "report", Long.toString(app.pid()), "--json");

        assertEquals(0, html.exitCode(), html::transcript);
        assertEquals(0, json.exitCode(), json::transcript);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));
        assertPageShows(chromium, page, json.stdout());
    }

    @Cases(jdks = Cases.Jdks.NEWEST)
    void thePageOfASnapshotFileShowsTheFiguresOfItsScanAndAScreenshotIsTaken(Case c, Apps apps) throws Exception {
        HeadlessChromium chromium = chromium();
        Jdk jdk = c.jdk();
        App app = apps.start(c.app("regions").agent("interval=1h").jvmArgs(G1_APP).seconds(300));
        Path snapshot = dir.resolve("pagemap.jfr");
        Path page = dir.resolve("residency.html");
        Path existing = Files.writeString(dir.resolve("existing.html"), "precious");

        List<Region> typesBefore = HeapRegionTable.g1(app.jvm().vmInfo());
        CommandLineRun taken = CommandLineRun.of(jdk, "snapshot", Long.toString(app.pid()), snapshot.toString());
        List<Region> typesAfter = HeapRegionTable.g1(app.jvm().vmInfo());
        CommandLineRun html = CommandLineRun.of(jdk, "report", snapshot.toString(), "--html", page.toString());
        CommandLineRun refused = CommandLineRun.of(jdk, "report", snapshot.toString(), "--html", existing.toString());
        CommandLineRun json = CommandLineRun.of(jdk, "report", Long.toString(app.pid()), "--json");

        assertEquals(0, taken.exitCode(), taken::transcript);
        assertEquals(0, html.exitCode(), html::transcript);
        assertEquals(1, refused.exitCode(), refused::transcript);
        assertTrue(refused.stderr().contains("exists; it is not overwritten"), refused::transcript);
        assertEquals("precious", Files.readString(existing));
        assertPageShows(chromium, page, json.stdout());
        assertHeapCellsAreOwnedByTheirRegionsType(Files.readString(page), typesBefore, typesAfter);

        Path png = dir.resolve("residency.png");
        chromium.screenshot(page, png, 1280, 1600);
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(png));
        assertEquals(0x89504e470d0a1a0aL, header.getLong(0), "a PNG");
        assertEquals(List.of(1280, 1600), List.of(header.getInt(16), header.getInt(20)), "its size");
    }

    @Cases(jdks = Cases.Jdks.NEWEST, users = User.NOBODY)
    void thePageOfAnotherUsersJvmIsMadeByRootAndKeptPrivate(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=1h").jvmArgs("-Xmx128m"));
        Path page = dir.resolve("residency.html");
        // The command's temporary directory, in a directory of the test's that others may pass through.
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        for (Path d : List.of(dir, tmp)) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx--x--x"));
        }

        CommandLineRun html = CommandLineRun.of(List.of(), c.jdk(), List.of("-Djava.io.tmpdir=" + tmp), "report",
                Long.toString(app.pid()), "--html", page.toString());

        assertEquals(0, html.exitCode(), html::transcript);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));
        assertEquals("root", Files.getOwner(page).getName());
        assertTrue(Files.readString(page).contains("\"pid\": " + app.pid()), "the page of that process");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "no temporary snapshot left behind");
        }
    }

    /** The page, loaded in Chromium, ran its script to the end without errors and shows {@code reportJson}'s scan. */
    @SuppressWarnings("unchecked")
    private static void assertPageShows(HeadlessChromium chromium, Path page, String reportJson) throws Exception {
        Map<String, Object> json = (Map<String, Object>) Json.parse(reportJson);
        String embedded = embeddedJson(Files.readString(page));
        assertEquals(json.get("time"), ((Map<String, Object>) Json.parse(embedded)).get("time"),
                "the page's scan is the one report --json gives");

        RenderedPage shown = new RenderedPage(chromium.dumpDom(page));
        String context = "\n--- report --json\n" + reportJson;
        assertEquals(List.of(), shown.errors(), "errors the page listed");
        assertTrue(shown.scriptFinished(), () -> "the script did not finish" + context);

        List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("regions");
        List<RenderedPage.Row> tableRows = shown.rows();
        assertEquals(rows.size(), tableRows.size(), () -> "table rows " + tableRows + context);
        List<String> topLevel = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            RenderedPage.Row tr = tableRows.get(i);
            String sub = row.get("subRegion") == null ? "" : (String) row.get("subRegion");
            assertEquals(List.of(row.get("region"), sub), List.of(tr.region(), tr.subRegion()));
            assertEquals(sub.isEmpty() ? row.get("region") : sub, tr.name());
            assertTrue(tr.cells().size() >= 9, () -> "cells of " + tr);
            for (RenderedPage.Cell cell : tr.cells().values()) {
                assertShows(row.get(cell.key()), cell, tr.name());
            }
            if (sub.isEmpty()) {
                topLevel.add((String) row.get("region"));
            }
        }
        Map<String, RenderedPage.Cell> totals = shown.totals();
        for (String key : List.of("processResidentBytes", "attributedBytes", "unattributedBytes")) {
            assertShows(json.get(key), totals.get(key), key);
        }

        Map<String, Long> bar = shown.barParts();
        for (String region : topLevel) {
            assertEquals(residentOf(rows, region), bar.get(region), "the bar's part of " + region);
        }
        assertEquals((Long) json.get("unattributedBytes"), bar.get("not attributed"));

        Map<String, Map<String, String>> maps = shown.mapTotals();
        assertEquals(topLevel, new ArrayList<>(maps.keySet()), "a map per top-level row");
        for (Map<String, Object> row : rows) {
            if (row.get("subRegion") == null) {
                Map<String, String> map = maps.get((String) row.get("region"));
                assertEquals(row.get("residentBytes"), Long.parseLong(map.get("resident-bytes")), map::toString);
                assertEquals(row.get("committedBytes"), Long.parseLong(map.get("committed-bytes")), map::toString);
                assertEquals(row.get("swappedBytes"), Long.parseLong(map.get("swapped-bytes")), map::toString);
            }
        }
        assertEquals(topLevel.size(), shown.canvases(), "a canvas per map");
        assertTrue(Files.size(page) < 2 << 20, "the page is under 2 MB");
    }

    /**
     * Each committed G1 region's cell in the page's map data is owned by the region's type in the
     * JVM's own region table, read just before or just after the snapshot (the agent's own work in
     * the app may take a free region for eden in between).
     */
    @SuppressWarnings("unchecked")
    private static void assertHeapCellsAreOwnedByTheirRegionsType(String html, List<Region> before, List<Region> after) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"map-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "the page embeds its map data");
        Map<String, Object> maps = (Map<String, Object>) Json.parse(m.group(1));
        Map<String, Object> heap = ((List<Map<String, Object>>) maps.get("grids")).stream()
                .filter(g -> g.get("region").equals(Region.JAVA_HEAP)).findFirst().orElseThrow();
        long cellSize = (Long) heap.get("cellSize");
        assertEquals(cellSize, (Long) heap.get("heapRegionSize"), "a cell per G1 region");
        long heapStart = Long.parseUnsignedLong(((List<List<String>>) heap.get("ranges")).get(0).get(0), 16);
        List<String> subRegions = (List<String>) heap.get("subRegions");
        List<Object> owners = (List<Object>) heap.get("owner");
        int checked = 0;
        for (Region type : after) {
            for (Range range : type.ranges()) {
                assertEquals(0, (range.start() - heapStart) % cellSize, () -> type.name() + " " + range);
                for (long at = range.start(); at < range.end(); at += cellSize) {
                    int owner = ((Long) owners.get((int) ((at - heapStart) / cellSize))).intValue();
                    String shown = owner >= 0 ? subRegions.get(owner) : "none";
                    long address = at;
                    String typeBefore = before.stream().filter(r -> r.ranges().stream()
                            .anyMatch(x -> x.contains(address, address + cellSize))).map(Region::name).findFirst()
                            .orElse("none");
                    assertTrue(shown.equals(type.name()) || shown.equals(typeBefore), () -> String.format(
                            "the cell at 0x%x shows %s; VM.info said %s before the snapshot, %s after", address, shown,
                            typeBefore, type.name()));
                    checked++;
                }
            }
        }
        assertTrue(checked >= 512, "every committed region of the 512 MiB heap checked: " + checked);
    }

    private static long residentOf(List<Map<String, Object>> rows, String region) {
        return rows.stream().filter(r -> r.get("subRegion") == null && r.get("region").equals(region))
                .mapToLong(r -> (Long) r.get("residentBytes")).findFirst().orElseThrow();
    }

    /** A cell's exact value is the JSON's, and its text reads as that value to the four digits shown. */
    private static void assertShows(Object expected, RenderedPage.Cell cell, String row) {
        String what = row + " " + cell;
        if (expected instanceof Double percent) {
            assertEquals(percent, Double.parseDouble(cell.value()), 0.0005, what);
            assertTrue(cell.text().equals("-") || Math.abs(Double.parseDouble(cell.text().replace("%", "")) - percent)
                    <= 0.05 + 1e-9, what);
            return;
        }
        long bytes = (Long) expected;
        assertEquals(Long.toString(bytes), cell.value(), what);
        if (bytes < 0) {
            assertEquals("n/a", cell.text(), what);
            return;
        }
        double shown = shownBytes(cell.text(), what);
        assertTrue(Math.abs(shown - bytes) <= bytes * 0.0005 + 1e-9, () -> what + " reads " + shown);
    }

    private static final Pattern SIZE = Pattern.compile("(-?[0-9.]+) (B|KiB|MiB|GiB|TiB)");

    private static double shownBytes(String text, String what) {
        Matcher m = SIZE.matcher(text);
        assertTrue(m.matches(), () -> what + ": not a size");
        int power = List.of("B", "KiB", "MiB", "GiB", "TiB").indexOf(m.group(2));
        return Double.parseDouble(m.group(1)) * Math.pow(1024, power);
    }

    private static String embeddedJson(String html) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"scan-json\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "the page embeds its scan's JSON");
        return m.group(1);
    }
}
