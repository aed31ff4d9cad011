package io.github.jvmpagemap.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.HeadlessChromium;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.SamplesNative;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import io.github.jvmpagemap.samples.it.published.JfrPrinted;
import io.github.jvmpagemap.samples.it.published.Json;
import io.github.jvmpagemap.samples.it.published.RenderedPage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.jfr.consumer.EventStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report <recording.jfr>} read back against the JDK's own reader: recordings of the
 * {@code churn}, {@code native} and {@code regions} samples (the last with a {@code GC.run} during
 * it) made by the agent, and one made with the shipped settings cut short by SIGKILL. Every value
 * of {@code report --json} (each scan's figures, rows and thread-stack groups, the collections, the
 * messages, the summary's series) equals what {@code jfr print --json} prints of the same files;
 * the timeline page, loaded in Chromium, draws at a chosen scan the stack and the table of that
 * scan's rows as {@code jfr print} gives them, read from the document its script built.
 */
class RecordingReportIT {
    /** The rows' figures: the JSON's key is the event's field with "Bytes" after it, but for the addresses. */
    private static final List<String> BYTE_FIGURES = List.of("reserved", "committed", "resident", "swapped",
            "hugePage", "largeFolio", "zeroPage", "shared", "proportional", "unreadable");
    /** Where the screenshots of the timeline page are kept, as the build's artifacts. */
    private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

    @TempDir
    Path dir;

    @Cases
    void everyValueOfTheSeriesIsWhatTheJdksReaderReadsAndThePageDrawsAChosenScan(Case c, Apps apps)
            throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(dir);
        assumeTrue(chromium.isPresent(), "no chromium on the PATH (.ci/run installs the Debian package)");
        Path churn = dir.resolve("churn.jfr");
        Path nativeMemory = dir.resolve("native.jfr");
        Path regions = dir.resolve("regions.jfr");
        App churning = apps.start(c.app("churn").agent("interval=1s,recording=" + churn).jvmArgs("-Xmx256m")
                .endsWhenTold());
        App natives = apps.start(c.app("native").agent("interval=1s,recording=" + nativeMemory)
                .jvmArgs("-Xmx256m", SamplesNative.property()).endsWhenTold());
        App regional = apps.start(c.app("regions").agent("interval=1s,recording=" + regions)
                .jvmArgs("-XX:+UseG1GC", "-Xms512m", "-Xmx512m", "-Xmn128m").endsWhenTold());
        long beforeGc = regional.agent().awaitScans(1);
        regional.jvm().gcRun();
        regional.agent().awaitScans(beforeGc + 2);
        churning.agent().awaitScans(3);
        natives.agent().awaitScans(3);
        for (App app : List.of(churning, natives, regional)) {
            assertEquals(0, app.end(), app::transcript);
        }

        for (Path file : List.of(churn, nativeMemory, regions)) {
            reportJsonIsWhatJfrPrints(c.jdk(), List.of(file), c.jdk());
        }
        JfrPrinted printed = JfrPrinted.of(c.jdk(), List.of(regions));
        assertTrue(printed.collections.stream().anyMatch(gc -> "Diagnostic Command".equals(gc.get("cause"))),
                "the recording holds the collection GC.run asked for");
        CommandLineRun summary = CommandLineRun.of(c.jdk(), "report", regions.toString());
        assertEquals(0, summary.exitCode(), summary::transcript);
        assertTrue(summary.stdout().contains(printed.scans.size() + " scans from "), summary::transcript);
        assertTrue(summary.stdout().contains("Collections: " + printed.collections.size() + " "), summary::transcript);
        timelinePageDrawsAChosenScan(c, chromium.get(), regions, printed);
    }

    /**
     * The JDK's own disk repository of a JVM recording with the shipped settings (the period set to
     * one second, the agent's interval two, so that rows are grouped by their scan's time) and
     * killed: the chunk left in the middle of being written reads as far as it goes.
     */
    @Cases
    void aRecordingWithTheShippedSettingsCutShortBySigkillIsReadAsFarAsItGoes(Case c, Apps apps) throws Exception {
        CommandLineRun jfc = CommandLineRun.of(c.jdk(), "jfc");
        assertEquals(0, jfc.exitCode(), jfc::transcript);
        assertTrue(jfc.stdout().contains("<setting name=\"period\">10 s</setting>"), jfc::transcript);
        Path settings = Files.writeString(dir.resolve("one-second.jfc"), jfc.stdout().replace(">10 s<", ">1 s<"));
        Path repository = Files.createDirectory(dir.resolve("repository"));
        App app = apps.start(c.app("churn").agent("interval=2s").jvmArgs("-Xmx256m",
                "-XX:StartFlightRecording:settings=" + settings, "-XX:FlightRecorderOptions:repository=" + repository));
        // The JDK writes its chunk out each second: wait until its own stream of the repository has
        // brought two scans (the chunk cannot be read as a file while the JVM writes it).
        try (EventStream stream = EventStream.openRepository(repository)) {
            CountDownLatch twoScans = new CountDownLatch(2);
            stream.setStartTime(Instant.EPOCH);
            stream.onEvent(JfrFiles.SCAN_EVENT, e -> twoScans.countDown());
            stream.startAsync();
            assertTrue(twoScans.await(App.PATIENCE.toSeconds(), TimeUnit.SECONDS), app::transcript);
        }
        app.close(); // SIGKILL

        // The oracle is the oldest JDK's jfr: JDK 25's refuses a chunk whose JVM was killed while it
        // held the chunk's header (measured: "Recording file is stuck in locked stream state", every
        // time), where JDK 17's reads it to its end. The report on the oldest JDK is compared value
        // for value; on the case's JDK, whose reader stops at that header, it holds the same scans
        // as far as it goes.
        List<Path> chunks = chunks(repository);
        Jdk oldest = Jdk.installed().get(0);
        List<Instant> all = scanTimes(reportJsonIsWhatJfrPrints(oldest, chunks, oldest));
        List<Instant> read = scanTimes(reportJson(c.jdk(), chunks));
        assertTrue(read.size() >= 2 && read.equals(all.subList(0, read.size())), () -> "scans read on "
                + c.jdk() + " " + read + ", on " + oldest + " " + all);
    }

    @SuppressWarnings("unchecked")
    private static List<Instant> scanTimes(Map<String, Object> report) {
        return ((List<Map<String, Object>>) report.get("scans")).stream()
                .map(s -> Instant.parse((String) s.get("time"))).toList();
    }

    private static List<Path> chunks(Path repository) throws IOException {
        try (Stream<Path> all = Files.walk(repository)) {
            return all.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
    }

    /** {@code report <files> --json}, run on {@code jdk}: what it printed, read; it must exit 0. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> reportJson(Jdk jdk, List<Path> files) throws Exception {
        List<String> args = new ArrayList<>(List.of("report"));
        files.forEach(f -> args.add(f.toString()));
        args.add("--json");
        CommandLineRun run = CommandLineRun.of(jdk, args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::transcript);
        return (Map<String, Object>) Json.parse(run.stdout());
    }

    /**
     * Compares every value of {@code report <files> --json}, run on {@code jdk}, with
     * {@code jfr print --json} of the files, printed by {@code reader}'s jfr; the report.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> reportJsonIsWhatJfrPrints(Jdk jdk, List<Path> files, Jdk reader)
            throws Exception {
        Map<String, Object> report = reportJson(jdk, files);
        JfrPrinted jfr = JfrPrinted.of(reader, files);
        List<String> out = new ArrayList<>();

        List<Map<String, Object>> scans = (List<Map<String, Object>>) report.get("scans");
        List<Instant> times = scanTimes(report);
        // A scan not held whole is left out, and the report says so.
        List<Instant> cut = jfr.scans.values().stream().filter(s -> !s.whole()).map(JfrPrinted.Scan::time).toList();
        jfr.scans.keySet().removeAll(cut);
        check(out, "scan times", new ArrayList<>(jfr.scans.keySet()), times);
        List<String> problems = (List<String>) report.get("problems");
        for (Instant time : cut) {
            if (problems.stream().noneMatch(p -> p.contains(time.toString()) && p.contains("left out"))) {
                out.add("no problem says the scan at " + time + ", not held whole, is left out: " + problems);
            }
        }
        for (Map<String, Object> scan : scans) {
            JfrPrinted.Scan printed = jfr.scans.get(Instant.parse((String) scan.get("time")));
            if (printed != null) {
                scanMatches(out, scan, printed);
            }
        }
        check(out, "collections", jfr.collections.stream().map(gc -> List.of(JfrPrinted.instant(gc.get("startTime")),
                gc.get("name"), gc.get("cause"), JfrPrinted.nanos(gc.get("sumOfPauses")),
                JfrPrinted.nanos(gc.get("longestPause")))).toList(),
                ((List<Map<String, Object>>) report.get("collections")).stream().map(gc -> List.of(
                        Instant.parse((String) gc.get("time")), gc.get("name"), gc.get("cause"),
                        gc.get("sumOfPausesNanos"), gc.get("longestPauseNanos"))).toList());
        check(out, "messages", jfr.messages.stream().map(m -> List.of(JfrPrinted.instant(m.get("startTime")),
                m.get("severity"), m.get("message"))).toList(),
                ((List<Map<String, Object>>) report.get("messages")).stream().map(m -> List.of(
                        Instant.parse((String) m.get("time")), m.get("severity"), m.get("message"))).toList());
        summaryMatches(out, (Map<String, Object>) report.get("summary"), jfr);
        assertEquals(List.of(), out, () -> files + ": report --json against jfr print --json; problems "
                + report.get("problems") + "; jfr print's scans " + jfr.scans.values().stream().map(s -> s.time()
                + " " + s.rows().size() + " rows" + (s.event() == null ? "" : ", attributed "
                + s.event().get("attributed"))).toList());
        return report;
    }

    private static void check(List<String> out, String what, Object printed, Object reported) {
        if (!Objects.equals(printed, reported)) {
            out.add(what + ": jfr print " + printed + ", report " + reported);
        }
    }

    @SuppressWarnings("unchecked")
    private static void scanMatches(List<String> out, Map<String, Object> scan, JfrPrinted.Scan printed) {
        String at = "scan " + printed.time() + " ";
        Map<String, Object> e = printed.event();
        if (e != null) {
            for (String[] pair : new String[][] {{"method", "method"}, {"detail", "detail"},
                {"collector", "collector"}}) {
                check(out, at + pair[0], e.get(pair[1]), scan.get(pair[0]));
            }
            for (String[] pair : new String[][] {{"pagesExamined", "pagesExamined"},
                {"processResidentBytes", "processResident"}, {"hugetlbBytes", "hugetlb"},
                {"attributedBytes", "attributed"}, {"extraViewBytes", "extraViews"},
                {"unattributedBytes", "unattributed"}}) {
                check(out, at + pair[0], JfrPrinted.number(e, pair[1]), scan.get(pair[0]));
            }
            check(out, at + "scanDurationNanos", JfrPrinted.nanos(e.get("scanDuration")), scan.get("scanDurationNanos"));
        }
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) scan.get("regions")) {
            rows.put(JfrPrinted.key((String) row.get("region"), (String) row.get("subRegion")), row);
        }
        check(out, at + "rows", printed.rows().keySet(), rows.keySet());
        printed.rows().forEach((key, event) -> {
            Map<String, Object> row = rows.get(key);
            if (row == null) {
                return;
            }
            check(out, at + key + " kind", event.get("kind"), row.get("kind"));
            for (String address : List.of("start", "end")) {
                check(out, at + key + " " + address, JfrPrinted.number(event, address), row.get(address));
            }
            for (String figure : BYTE_FIGURES) {
                check(out, at + key + " " + figure, JfrPrinted.number(event, figure), row.get(figure + "Bytes"));
            }
            double percent = ((Number) event.get("residentPercent")).doubleValue() * 100;
            if (Math.abs(percent - ((Number) row.get("residentPercent")).doubleValue()) > 0.0005 + 1e-9) {
                out.add(at + key + " residentPercent: jfr print " + percent + ", report " + row.get("residentPercent"));
            }
        });
        Map<String, List<Object>> groups = new TreeMap<>();
        for (Map<String, Object> g : (List<Map<String, Object>>) scan.get("threadStackGroups")) {
            groups.put((String) g.get("group"), List.of(g.get("threads"), g.get("residentBytes"), g.get("swappedBytes")));
        }
        Map<String, List<Object>> printedGroups = new TreeMap<>();
        printed.groups().forEach((name, g) -> printedGroups.put(name, List.of(JfrPrinted.number(g, "threads"),
                JfrPrinted.number(g, "resident"), JfrPrinted.number(g, "swapped"))));
        check(out, at + "thread stack groups", printedGroups, groups);
    }

    /** The summary, worked out again from what jfr print gives: each series' first, last, lowest, highest, when, growth. */
    @SuppressWarnings("unchecked")
    private static void summaryMatches(List<String> out, Map<String, Object> summary, JfrPrinted jfr) {
        List<JfrPrinted.Scan> scans = new ArrayList<>(jfr.scans.values());
        check(out, "summary scanCount", (long) scans.size(), summary.get("scanCount"));
        check(out, "summary from", scans.get(0).time().toString(), Instant.parse((String) summary.get("from")).toString());
        check(out, "summary to", scans.get(scans.size() - 1).time().toString(),
                Instant.parse((String) summary.get("to")).toString());
        Map<String, List<long[]>> resident = new LinkedHashMap<>();
        Map<String, List<long[]>> swapped = new LinkedHashMap<>();
        List<long[]> vmRss = new ArrayList<>();
        List<long[]> unattributed = new ArrayList<>();
        for (JfrPrinted.Scan scan : scans) {
            long t = scan.time().toEpochMilli();
            scan.rows().forEach((key, row) -> {
                resident.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {JfrPrinted.number(row, "resident"), t});
                swapped.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {JfrPrinted.number(row, "swapped"), t});
            });
            if (scan.event() != null && JfrPrinted.number(scan.event(), "processResident") >= 0) {
                vmRss.add(new long[] {JfrPrinted.number(scan.event(), "processResident"), t});
                unattributed.add(new long[] {JfrPrinted.number(scan.event(), "unattributed"), t});
            }
        }
        List<Map<String, Object>> rows = (List<Map<String, Object>>) summary.get("rows");
        check(out, "summary rows", new ArrayList<>(resident.keySet()), rows.stream()
                .map(r -> JfrPrinted.key((String) r.get("region"), (String) r.get("subRegion"))).toList());
        for (Map<String, Object> row : rows) {
            String key = JfrPrinted.key((String) row.get("region"), (String) row.get("subRegion"));
            if (!resident.containsKey(key)) {
                continue;
            }
            check(out, "summary " + key + " scans", (long) resident.get(key).size(), row.get("scans"));
            check(out, "summary " + key + " resident", series(resident.get(key)), row.get("residentBytes"));
            Map<String, Object> swap = series(swapped.get(key));
            check(out, "summary " + key + " swapped", swap == null || (Long) swap.get("highest") == 0 ? null : swap,
                    row.get("swappedBytes"));
        }
        check(out, "summary VmRSS", series(vmRss), summary.get("processResidentBytes"));
        check(out, "summary not attributed", series(unattributed), summary.get("unattributedBytes"));
        Map<String, Object> collections = (Map<String, Object>) summary.get("collections");
        check(out, "summary collections", (long) jfr.collections.size(), collections.get("count"));
        Map<String, Object> byCollector = new TreeMap<>();
        long pauses = 0;
        for (Map<String, Object> gc : jfr.collections) {
            byCollector.merge((String) gc.get("name"), 1L, (a, b) -> (Long) a + (Long) b);
            pauses += JfrPrinted.nanos(gc.get("sumOfPauses"));
        }
        check(out, "summary collections by collector", byCollector, new TreeMap<>((Map<String, Object>)
                collections.get("byCollector")));
        check(out, "summary pauses", pauses, collections.get("pausesNanos"));
        check(out, "summary messages", (long) jfr.messages.size(), summary.get("messageCount"));
    }

    /** {value, epoch ms} pairs in time order as the summary's series object; null if there are none. */
    private static Map<String, Object> series(List<long[]> values) {
        List<long[]> known = values.stream().filter(v -> v[0] != -1).toList();
        if (known.isEmpty()) {
            return null;
        }
        long lowest = Long.MAX_VALUE;
        long[] highest = null;
        for (long[] v : known) {
            lowest = Math.min(lowest, v[0]);
            if (highest == null || v[0] > highest[0]) {
                highest = v;
            }
        }
        long first = known.get(0)[0];
        long last = known.get(known.size() - 1)[0];
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("first", first);
        s.put("last", last);
        s.put("lowest", lowest);
        s.put("highest", highest[0]);
        s.put("highestAt", Instant.ofEpochMilli(highest[1]).toString());
        s.put("growth", last - first);
        return s;
    }

    private static final Pattern SLICE = Pattern.compile(
            "<g id=\"stack-slice\" data-scan=\"(\\d+)\" data-time=\"(\\d+)\">(.*?)</g>", Pattern.DOTALL);
    private static final Pattern SLICE_PART = Pattern.compile("<rect [^>]*data-name=\"([^\"]*)\" data-bytes=\"(-?\\d+)\"");
    private static final Pattern SCAN_TABLE = Pattern.compile("<table id=\"scan\" data-scan=\"(\\d+)\" data-time=\"(\\d+)\">");

    /**
     * The page of {@code recording} at a scan chosen in its address: the slice of the stack there
     * holds each top-level row's resident bytes and what no row held, adding up to VmRSS; its
     * table holds every row's figures; as jfr print gives that scan. A screenshot is kept.
     */
    private void timelinePageDrawsAChosenScan(Case c, HeadlessChromium chromium, Path recording, JfrPrinted jfr)
            throws Exception {
        Path page = dir.resolve("timeline.html");
        CommandLineRun html = CommandLineRun.of(c.jdk(), "report", recording.toString(), "--html", page.toString());
        assertEquals(0, html.exitCode(), html::transcript);
        assertTrue(Files.size(page) < 2 << 20, "the page is under 2 MB");
        List<JfrPrinted.Scan> scans = new ArrayList<>(jfr.scans.values());
        int chosen = scans.size() / 2;
        JfrPrinted.Scan scan = scans.get(chosen);
        RenderedPage shown = new RenderedPage(chromium.dumpDom(page, "scan=" + chosen));
        assertEquals(List.of(), shown.errors(), "errors the page listed");
        assertTrue(shown.scriptFinished(), "the script ran to its end");

        Matcher slice = SLICE.matcher(shown.dom);
        assertTrue(slice.find(), "the page draws a slice of the stack");
        assertEquals(List.of(Integer.toString(chosen), Long.toString(scan.time().toEpochMilli())),
                List.of(slice.group(1), slice.group(2)), "the slice is of the chosen scan");
        Map<String, Long> parts = new LinkedHashMap<>();
        Matcher part = SLICE_PART.matcher(slice.group(3));
        while (part.find()) {
            parts.put(part.group(1), Long.parseLong(part.group(2)));
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        scan.rows().forEach((key, row) -> {
            if ("".equals(row.get("subRegion")) || row.get("subRegion") == null) {
                expected.put((String) row.get("region"), JfrPrinted.number(row, "resident"));
            }
        });
        long vmRss = JfrPrinted.number(scan.event(), "processResident");
        long notAttributed = JfrPrinted.number(scan.event(), "unattributed");
        expected.put("not attributed", Math.max(0, notAttributed));
        assertEquals(expected, parts, "the stack at scan " + chosen);
        if (notAttributed >= 0) {
            assertEquals(vmRss + JfrPrinted.number(scan.event(), "hugetlb"),
                    parts.values().stream().mapToLong(Long::longValue).sum(), "the stack reaches VmRSS");
        }

        Matcher table = SCAN_TABLE.matcher(shown.dom);
        assertTrue(table.find(), "the page shows a scan's table");
        assertEquals(List.of(Integer.toString(chosen), Long.toString(scan.time().toEpochMilli())),
                List.of(table.group(1), table.group(2)), "the table is of the chosen scan");
        List<RenderedPage.Row> rows = shown.rows();
        assertEquals(scan.rows().size(), rows.size(), "a table row per row of the scan");
        for (RenderedPage.Row row : rows) {
            Map<String, Object> event = scan.rows().get(JfrPrinted.key(row.region(), row.subRegion()));
            assertTrue(event != null, () -> "a row jfr print has not: " + row);
            for (String figure : List.of("resident", "swapped", "hugePage")) {
                assertEquals(Long.toString(JfrPrinted.number(event, figure)),
                        row.cells().get(figure + "Bytes").value(), row.name() + " " + figure);
            }
        }
        Map<String, RenderedPage.Cell> totals = shown.totals();
        assertEquals(Long.toString(vmRss), totals.get("processResidentBytes").value());
        assertEquals(Long.toString(notAttributed), totals.get("unattributedBytes").value());
        assertFalse(shown.dom.contains("unsafe-inline"), "the policy allows the page's scripts by their hashes");

        Files.createDirectories(SCREENSHOTS);
        Path png = SCREENSHOTS.resolve("timeline-jdk" + c.jdk().feature() + ".png");
        chromium.screenshot(page, png, 1280, 1600);
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(png));
        assertEquals(0x89504e470d0a1a0aL, header.getLong(0), "a PNG");
    }
}
