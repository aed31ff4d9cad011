package io.github.jvmpagemap.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.SamplesNative;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.kernel.Smaps;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import io.github.jvmpagemap.samples.it.published.Json;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resident byte has a row: the JVM regions and the process categories add up to the
 * kernel's VmRSS, and each category holds what the {@code native} scenario put there, as the
 * kernel's own smaps and (with NMT) the JVM's own {@code System.map} count it. The oracles here
 * classify mappings with their own small rules, not the agent's.
 */
class ProcessCategoriesIT {
    private static final long MIB = 1 << 20;
    private static final Pattern MAPPED = Pattern.compile("mapped 0x(\\p{XDigit}+)");
    private static final Pattern FILE = Pattern.compile("file (\\S+) ");
    /** How many scans a test reads before the rows must have agreed with VmRSS in one: the JVM settles within seconds. */
    private static final int READINGS = 10;

    static Stream<Arguments> jdksAndPaths() {
        return Jdk.installed().stream().flatMap(jdk -> ScanPath.on(jdk).map(path -> Arguments.of(jdk, path)));
    }

    static Stream<Arguments> jdksCollectorsAndNmt() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of("G1", "Parallel", "Serial", "Shenandoah", "Z")
                .map(gc -> Arguments.of(jdk, gc, gc.equals("G1") ? "detail" : gc.equals("Z") ? "summary" : "off")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void eachCategoryHoldsWhatTheNativeScenarioPutThereAndTheRowsAddUpToVmRss(Jdk jdk, ScanPath path)
            throws Exception {
        Path library = SamplesNative.build();
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m", SamplesNative.property(library)));
        if (jdk.feature() >= 22) {
            jvmArgs.add(0, "--enable-native-access=ALL-UNNAMED");
        }
        if (jdk.feature() >= 25) {
            jvmArgs.add("-XX:NativeMemoryTracking=summary");
        }
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=1s"), path.jvmArgs(jvmArgs), "native", "120")) {
            app.awaitStdout("ready");
            String ready = app.stdout().stream().filter(l -> l.contains("ready")).findFirst().orElseThrow();
            Matcher mapped = MAPPED.matcher(ready);
            Matcher file = FILE.matcher(ready);
            assertTrue(mapped.find() && file.find(), ready);
            long direct = Long.parseUnsignedLong(mapped.group(1), 16);
            List<String> mismatches = new ArrayList<>();
            Report report = null;
            // The JVM keeps working a little (the JIT, its own threads, the report's connection):
            // VmRSS read before and after each scan, and a few readings.
            long before = vmRss(app.pid());
            Instant previous = Instant.now();
            for (int attempt = 0; attempt < READINGS; attempt++) {
                mismatches.clear();
                report = SmapsAgreement.scannedAfter(previous, () -> report(jdk, app.pid()));
                Smaps smaps = Smaps.of(app.pid());
                long after = vmRss(app.pid());
                previous = Instant.now();
                rowsAgreeWithVmRss(mismatches, before, after, report);
                before = after;
                SmapsAgreement.check(mismatches, 0.01, rss(smaps, m -> m.path().contains(".so")),
                        row(report, "Mapped Files", "Shared Libraries").resident(), "Shared Libraries vs smaps");
                SmapsAgreement.check(mismatches, 0.01, rss(smaps, m -> m.path().endsWith("/lib/modules")),
                        row(report, "Mapped Files", "JDK Modules").resident(), "JDK Modules vs smaps");
                long fileRss = rss(smaps, m -> m.path().equals(file.group(1)));
                assertEquals(16 * MIB, fileRss, "the scenario read its whole file");
                long otherFiles = rss(smaps, m -> m.path().startsWith("/") && !m.path().contains(".so")
                        && !m.path().endsWith("/lib/modules") && !m.path().endsWith(".jsa")
                        && !m.path().startsWith("/memfd:"));
                SmapsAgreement.check(mismatches, 0.01, otherFiles, row(report, "Mapped Files", "Other Files").resident(),
                        "Other Files vs smaps (the scenario's file among them)");
                if (mismatches.isEmpty()) {
                    break;
                }
            }
            assertEquals(List.of(), mismatches, app::transcript);
            Report last = report;
            Smaps smaps = Smaps.of(app.pid());
            long directRss = rss(smaps, m -> m.start() <= direct && direct < m.end());
            assertTrue(directRss >= 32 * MIB, "the scenario wrote its 32 MiB mapping: " + directRss);
            long nativeHeap = row(last, "Native Heap", "").resident();
            assertTrue(nativeHeap >= 64 * MIB + 16 * MIB, () -> "64 MiB of direct buffers and 16 MiB malloc'ed by four"
                    + " threads are in Native Heap: " + nativeHeap + "\n" + app.transcript());
            long otherNative = row(last, "Other Native", "").resident();
            assertTrue(otherNative >= 32 * MIB, () -> "the 32 MiB mapped directly is Other Native: " + otherNative);
            long unexplained = otherNative - 32 * MIB + Math.max(0, last.unattributed());
            assertTrue(unexplained <= last.processResident() / 10, () -> "at most 10% of VmRSS is left in Other Native"
                    + " or not attributed, the memory mapped directly excepted: " + unexplained + " of "
                    + last.processResident() + "\n" + app.transcript());
            long javaStacks = row(last, "Thread Stacks", "Java Threads").resident();
            assertTrue(javaStacks >= 40 * 64 * 1024, () -> "40 threads 2,000 frames deep: " + javaStacks);
            if (jdk.feature() >= 25) {
                // With NMT on, the agent takes NMT's labels: the rows hold what System.map says, page for page.
                String systemMap = ChildJvm.run(List.of(jdk.jcmd().toString(), Long.toString(app.pid()), "System.map"));
                long nmtStacks = systemMapRss(systemMap, "STACK-", false);
                // A mapping the kernel merged (CODE,GC) is partly the code cache's: GC Structures holds
                // at least the mappings labelled GC first and at most every mapping labelled GC at all.
                long gcAtLeast = systemMapRss(systemMap, "GC", false) + systemMapRss(systemMap, "CARDTBL", false);
                long gcAtMost = systemMapRss(systemMap, "GC", true) + systemMapRss(systemMap, "CARDTBL", true);
                assertTrue(nmtStacks > 0, () -> "System.map labels the stacks:\n" + systemMap);
                long stacks = row(last, "Thread Stacks", "").resident();
                assertTrue(Math.abs(stacks - nmtStacks) <= 0.10 * nmtStacks, () -> "Thread Stacks " + stacks
                        + " within 10% of the stacks System.map labels (resident " + nmtStacks + ")");
                long gc = row(last, "GC Structures", "").resident();
                // Before the first collection G1's tables may be untouched: 0 resident, to within a page or so.
                long slack = 64 * 1024;
                assertTrue(gc >= Math.min(0.90 * gcAtLeast, gcAtLeast - slack)
                        && gc <= Math.max(1.10 * gcAtMost, gcAtMost + slack), () -> "GC Structures " + gc
                        + " within 10% of the GC and card-table mappings System.map labels (resident " + gcAtLeast
                        + " labelled so first, " + gcAtMost + " labelled so at all)");
            }
            assertEquals(List.of(), last.problems(), app::transcript);
        }
    }

    @ParameterizedTest(name = "{0} {1} NMT {2}")
    @MethodSource("jdksCollectorsAndNmt")
    void theRowsAddUpToVmRssUnderEveryCollector(Jdk jdk, String gc, String nmt) throws Exception {
        List<String> jvmArgs = new ArrayList<>(List.of("-XX:+Use" + gc + "GC", "-Xmx256m",
                "-XX:NativeMemoryTracking=" + nmt));
        try (ChildJvm app = ChildJvm.start(jdk, "interval=1s", jvmArgs, "idle", "120")) {
            app.awaitStdout("ready");
            List<String> mismatches = new ArrayList<>();
            Report report = null;
            long before = vmRss(app.pid());
            Instant previous = Instant.now();
            for (int attempt = 0; attempt < READINGS; attempt++) {
                mismatches.clear();
                report = SmapsAgreement.scannedAfter(previous, () -> report(jdk, app.pid()));
                long after = vmRss(app.pid());
                previous = Instant.now();
                rowsAgreeWithVmRss(mismatches, before, after, report);
                before = after;
                if (mismatches.isEmpty()) {
                    break;
                }
            }
            assertEquals(List.of(), mismatches, app::transcript);
            Report last = report;
            for (String category : List.of("Thread Stacks", "Native Heap", "Mapped Files")) {
                assertTrue(row(last, category, "").resident() > 0, () -> category + " holds something: " + last.rows());
            }
            Report.Row other = row(last, "Other Native", "");
            long otherNative = other.resident() - Math.max(0, other.zeroPage()) + Math.max(0, last.unattributed());
            // With NMT, the JVM maps tables of its own that only NMT's labels could name.
            assertTrue(!nmt.equals("off") || otherNative <= last.processResident() / 10,
                    () -> "at most 10% of VmRSS in Other Native or not attributed: " + otherNative + " of "
                            + last.processResident() + "\n" + last.rows());
            for (Report.Row row : last.rows()) {
                assertTrue(row.resident() >= 0 && row.committed() >= row.resident(), () -> "figures of " + row);
            }
            if (nmt.equals("detail") || nmt.equals("summary") && jdk.feature() >= 22) {
                assertTrue(last.rows().stream().anyMatch(r -> r.region().equals("Other Native") && r.isSubRegion()),
                        () -> "NMT's other tags are sub-rows of Other Native: " + last.rows());
                assertEquals(List.of(), last.problems());
            }
        }
    }

    /**
     * Adds a line unless the rows add up to VmRSS as the test read it right before and right after
     * the scan, and VmRSS held still across it (within 1%): while the JVM grows (the JIT compiling
     * what the report's own connection runs, the compiler's arenas) the agent's own VmRSS, read at
     * the scan's end, includes what came after its rows were read, and what it leaves "not
     * attributed" is not what the rows miss.
     */
    private static void rowsAgreeWithVmRss(List<String> mismatches, long before, long after, Report report) {
        if (!Expect.isWithin(0.01, before, after)) {
            mismatches.add("VmRSS moved from " + before + " to " + after + " bytes across the scan");
        }
        SmapsAgreement.checkBetween(mismatches, 0.01, before, after, rowsInVmRss(report), "rows vs VmRSS");
    }

    /**
     * What the rows hold as VmRSS counts it: their resident bytes, less the zero page (VmRSS
     * leaves it out), plus the pages VmRSS counts again for each further view of the heap.
     */
    private static long rowsInVmRss(Report report) {
        return report.rows().stream().filter(r -> !r.isSubRegion())
                .mapToLong(r -> r.resident() - Math.max(0, r.zeroPage())).sum() + report.extraViews();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aProcessNearTheKernelsMappingLimitIsScannedWhole(Jdk jdk) throws Exception {
        // Files.readString reads this /proc file short on JDK 17 (it reports a size of 0): read it by lines.
        long limit = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/max_map_count")).get(0).strip());
        assumeTrue(limit < 1_000_000, "vm.max_map_count is " + limit + ": too far to come near in a test");
        long mappings = limit - 4_000; // the JVM needs a few thousand of its own
        try (ChildJvm app = ChildJvm.start(jdk, "method=pagemap,interval=1s",
                List.of("-Xmx128m", "-Dsamples.native.mappings=" + mappings), "native", "120")) {
            app.awaitStdout("ready", java.time.Duration.ofSeconds(120));
            long count = Files.readAllLines(Path.of("/proc", Long.toString(app.pid()), "maps")).size();
            assertTrue(count > limit - 5_000, () -> count + " mappings, the limit is " + limit);
            Report first = report(jdk, app.pid());
            List<String> mismatches = new ArrayList<>();
            Report report = null;
            long before = vmRss(app.pid());
            Instant previous = Instant.now();
            for (int attempt = 0; attempt < READINGS; attempt++) {
                mismatches.clear();
                report = SmapsAgreement.scannedAfter(previous, () -> report(jdk, app.pid()));
                long after = vmRss(app.pid());
                previous = Instant.now();
                rowsAgreeWithVmRss(mismatches, before, after, report);
                before = after;
                if (mismatches.isEmpty()) {
                    break;
                }
            }
            assertEquals(List.of(), mismatches, app::transcript);
            Report last = report;
            assertTrue(last.scanCount() > first.scanCount(), "the agent scans on");
            assertTrue(row(last, "Mapped Files", "Other Files").resident() >= mappings * 4096,
                    () -> "each one-page mapping is resident: " + row(last, "Mapped Files", "Other Files"));
            for (Report.Row row : last.rows()) {
                assertTrue(row.resident() >= 0 && row.committed() >= 0, () -> "no negative figure: " + row);
            }
            assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theRowsStayWithinThreePercentOfVmRssWhileTheAppAllocates(Jdk jdk) throws Exception {
        // A heap of fixed size, and a few seconds for eden to have taken every region once: from
        // then on the churn reuses resident memory, as a long-running application does.
        try (ChildJvm app = ChildJvm.start(jdk, "interval=200ms", List.of("-Xms256m", "-Xmx256m"), "churn", "120")) {
            app.awaitStdout("churn: running");
            Thread.sleep(5_000);
            for (int i = 0; i < 5; i++) {
                Thread.sleep(1_000);
                Report report = report(jdk, app.pid());
                // VmRSS is read in the same scan as the rows, after them; the workload moves between the two.
                assertTrue(Math.abs(report.unattributed()) <= report.processResident() * 3 / 100,
                        () -> "not attributed " + report.unattributed() + " of " + report.processResident() + "\n"
                                + report.rows());
                assertEquals(List.of(), report.problems(), app::transcript);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void threadsThatComeAndGoBetweenListingAndReadingLeaveNoTrace(Jdk jdk) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, "method=pagemap,interval=100ms", List.of("-Xms16m", "-Xmx256m",
                "-Dsamples.mapschurn.seconds=60"), "maps-churn", "120")) {
            app.awaitStdout("maps-churn: running");
            for (int i = 0; i < 5; i++) {
                Thread.sleep(1_000);
                Report report = report(jdk, app.pid());
                for (Report.Row row : report.rows()) {
                    assertTrue(row.resident() >= 0 && row.committed() >= row.resident(), () -> "figures of " + row);
                }
                assertEquals(List.of(), report.problems(), app::transcript);
            }
            assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theLargestThreadStackGroupsAreInTheJsonAndTheRecordingWithoutARowPerThread(Jdk jdk) throws Exception {
        Path file = Files.createTempDirectory("jvm-pagemap-groups").resolve("groups.jfr");
        try (ChildJvm app = ChildJvm.start(jdk, "method=pagemap,interval=1s,recording=" + file, List.of("-Xmx256m"),
                "native", "120")) {
            app.awaitStdout("ready");
            Thread.sleep(2_000); // a scan after the workers got deep
            CommandLineRun run = CommandLineRun.of(jdk, "report", Long.toString(app.pid()), "--json");
            assertEquals(0, run.exitCode(), run::transcript);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(
                    run.stdout())).get("threadStackGroups");
            assertTrue(groups.size() <= 10, () -> "the ten largest at most: " + groups);
            Map<String, Object> workers = groups.get(0);
            assertEquals("native-worker-#", workers.get("group"), () -> "the largest group: " + groups);
            assertEquals(40L, ((Number) workers.get("threads")).longValue());
            long resident = ((Number) workers.get("residentBytes")).longValue();
            Report report = Report.fromJson(run.stdout());
            assertTrue(resident >= 40 * 64 * 1024 && resident <= row(report, "Thread Stacks", "Java Threads").resident(),
                    () -> "40 deep stacks, all Java threads': " + resident + "\n" + report.rows());
            await().atMost(ChildJvm.PATIENCE).ignoreExceptions()
                    .until(() -> !JfrFiles.events(file, "jvmpagemap.ThreadStackGroup").isEmpty());
        } // SIGKILL: the recording holds every scan written so far
        List<jdk.jfr.consumer.RecordedEvent> events = JfrFiles.events(file, "jvmpagemap.ThreadStackGroup");
        Map<Long, List<jdk.jfr.consumer.RecordedEvent>> byScan = events.stream()
                .collect(java.util.stream.Collectors.groupingBy(e -> e.getLong("scanTime")));
        byScan.values().forEach(scan -> assertTrue(scan.size() <= 10, () -> "ten groups a scan at most: " + scan));
        assertTrue(events.stream().anyMatch(e -> e.getString("group").equals("native-worker-#")
                && e.getInt("threads") == 40), () -> events.toString());
        JfrFiles.assertJmcAgrees(file, "jvmpagemap.ThreadStackGroup", "resident");
        Files.delete(file);
        Files.delete(file.getParent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdksWithSystemMap")
    void withoutNmtTheStacksAreWithinFifteenPercentOfWhatNmtLabelsInTheSameWorkload(Jdk jdk) throws Exception {
        // The workers' recursion kept interpreted in both JVMs: a frame's size then does not depend on
        // when the JIT compiled the method, so both hold the same stacks.
        String interpreted = "-XX:CompileCommand=exclude,io.github.jvmpagemap.samples.NativeScenario::recurse";
        try (ChildJvm plain = ChildJvm.start(jdk, "method=pagemap,interval=1s", List.of("-Xmx256m", interpreted),
                "native", "120");
                ChildJvm tracked = ChildJvm.start(jdk, null, List.of("-Xmx256m", interpreted,
                        "-XX:NativeMemoryTracking=summary"), "native", "120")) {
            plain.awaitStdout("ready");
            tracked.awaitStdout("ready");
            Thread.sleep(2_000);
            // The workload's own 40 deep stacks: the rest (the JIT's, the JMX connection's of the report,
            // stacks glibc keeps for ended threads) differs between two JVMs with and without an agent.
            CommandLineRun run = CommandLineRun.of(jdk, "report", Long.toString(plain.pid()), "--json");
            assertEquals(0, run.exitCode(), run::transcript);
            @SuppressWarnings("unchecked")
            long stacks = ((List<Map<String, Object>>) ((Map<String, Object>) Json.parse(run.stdout()))
                    .get("threadStackGroups")).stream().filter(g -> g.get("group").equals("native-worker-#"))
                    .mapToLong(g -> ((Number) g.get("residentBytes")).longValue()).sum();
            String systemMap = ChildJvm.run(List.of(jdk.jcmd().toString(), Long.toString(tracked.pid()), "System.map"));
            long labelled = 0;
            for (String line : systemMap.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && f[0].startsWith("0x") && f[7].startsWith("STACK-")
                        && f[7].contains("-native-worker-")) {
                    labelled += Long.parseLong(f[3]);
                }
            }
            long nmt = labelled;
            assertTrue(nmt > 0, () -> "System.map labels the workers' stacks:\n" + systemMap);
            assertTrue(Math.abs(stacks - nmt) <= 0.15 * nmt, () -> "the workers' stacks without NMT " + stacks
                    + ", as NMT labels them in the same workload " + nmt);
        }
    }

    static Stream<Jdk> jdksWithSystemMap() {
        return Jdk.installed().stream().filter(jdk -> jdk.feature() >= 22);
    }

    static Stream<Jdk> jdks() {
        return Jdk.installed().stream();
    }

    private static Report report(Jdk jdk, long pid) throws Exception {
        CommandLineRun run = CommandLineRun.of(jdk, "report", Long.toString(pid), "--json");
        assertEquals(0, run.exitCode(), run::transcript);
        return Report.fromJson(run.stdout());
    }

    private static Report.Row row(Report report, String region, String sub) {
        return report.rows().stream().filter(r -> r.region().equals(region) && r.subRegion().equals(sub)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + region + "/" + sub + " in " + report.rows()));
    }

    private static long rss(Smaps smaps, java.util.function.Predicate<Smaps.Mapping> which) {
        return smaps.mappings().stream().filter(which).mapToLong(Smaps.Mapping::rss).sum();
    }

    /** VmRSS from {@code /proc/<pid>/status}, in bytes. */
    static long vmRss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS in /proc/" + pid + "/status");
    }

    /**
     * The resident bytes of the mappings whose NMT labels in {@code jcmd System.map} (JDK 22+) start
     * with {@code label}: the first label only, or ({@code anyLabel}) any of a merged mapping's
     * labels; its columns: from-to, vsize, prot, rss, hugetlb, pgsz, notes, info (the labels), file.
     */
    private static long systemMapRss(String systemMap, String label, boolean anyLabel) {
        long sum = 0;
        for (String line : systemMap.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].startsWith("0x")) {
                String[] labels = f[7].split(",");
                boolean labelled = false;
                for (int i = 0; i < (anyLabel ? labels.length : 1); i++) {
                    labelled |= labels[i].startsWith(label);
                }
                if (labelled) {
                    sum += Long.parseLong(f[3]);
                }
            }
        }
        return sum;
    }
}
