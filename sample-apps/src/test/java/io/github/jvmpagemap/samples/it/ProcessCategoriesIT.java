package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.Gc.G1;
import static io.github.jvmpagemap.samples.it.harness.Gc.PARALLEL;
import static io.github.jvmpagemap.samples.it.harness.Gc.SERIAL;
import static io.github.jvmpagemap.samples.it.harness.Gc.SHENANDOAH;
import static io.github.jvmpagemap.samples.it.harness.Gc.ZGC;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.Expect;
import io.github.jvmpagemap.samples.it.agreement.Readings;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.harness.SamplesNative;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.jvm.SystemMap;
import io.github.jvmpagemap.samples.it.kernel.ProcStatus;
import io.github.jvmpagemap.samples.it.kernel.Smaps;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    Path dir;

    /** What the kernel says around a scan for the rows: VmRSS, and the mappings as smaps counts them. */
    private record Kernel(long vmRss, Smaps smaps) {
        static Kernel of(App app) throws Exception {
            return new Kernel(ProcStatus.vmRss(app.pid()), Smaps.of(app.pid()));
        }
    }

    @Cases(paths = {PORTABLE, FAST})
    void eachCategoryHoldsWhatTheNativeScenarioPutThereAndTheRowsAddUpToVmRss(Case c, Apps apps) throws Exception {
        Launch launch = c.app("native").agent("interval=1s").jvmArgs("-Xmx256m", SamplesNative.property());
        if (c.jdk().feature() >= 22) {
            launch = launch.jvmArgs("--enable-native-access=ALL-UNNAMED");
        }
        if (c.jdk().feature() >= 25) {
            launch = launch.jvmArgs("-XX:NativeMemoryTracking=summary");
        }
        App app = apps.start(launch);
        String ready = app.stdout().stream().filter(l -> l.contains("ready")).findFirst().orElseThrow();
        Matcher mapped = MAPPED.matcher(ready);
        Matcher file = FILE.matcher(ready);
        assertTrue(mapped.find() && file.find(), ready);
        long direct = Long.parseUnsignedLong(mapped.group(1), 16);
        String scenarioFile = file.group(1);
        Readings.Reading<Kernel> reading = Readings.aroundEachScan(app, Readings.beans(app), () -> Kernel.of(app),
                (report, before, after) -> {
                    List<String> mismatches = rowsAgreeWithVmRss(report, before.vmRss(), after.vmRss());
                    Smaps smaps = after.smaps();
                    Expect.check(mismatches, 0.01, smaps.rss(m -> m.path().contains(".so")),
                            report.row("Mapped Files", "Shared Libraries").resident(), "Shared Libraries vs smaps");
                    Expect.check(mismatches, 0.01, smaps.rss(m -> m.path().endsWith("/lib/modules")),
                            report.row("Mapped Files", "JDK Modules").resident(), "JDK Modules vs smaps");
                    long otherFiles = smaps.rss(m -> m.path().startsWith("/") && !m.path().contains(".so")
                            && !m.path().endsWith("/lib/modules") && !m.path().endsWith(".jsa")
                            && !m.path().startsWith("/memfd:"));
                    Expect.check(mismatches, 0.01, otherFiles, report.row("Mapped Files", "Other Files").resident(),
                            "Other Files vs smaps (the scenario's file among them)");
                    return mismatches;
                });
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Smaps smaps = reading.after().smaps();
        assertEquals(16 * MIB, smaps.rss(m -> m.path().equals(scenarioFile)), "the scenario read its whole file");
        long directRss = smaps.rss(m -> m.start() <= direct && direct < m.end());
        assertTrue(directRss >= 32 * MIB, "the scenario wrote its 32 MiB mapping: " + directRss);
        Report last = reading.report();
        long nativeHeap = last.row("Native Heap", "").resident();
        assertTrue(nativeHeap >= 64 * MIB + 16 * MIB, () -> "64 MiB of direct buffers and 16 MiB malloc'ed by four"
                + " threads are in Native Heap: " + nativeHeap + "\n" + app.transcript());
        long otherNative = last.row("Other Native", "").resident();
        assertTrue(otherNative >= 32 * MIB, () -> "the 32 MiB mapped directly is Other Native: " + otherNative);
        long unexplained = otherNative - 32 * MIB + Math.max(0, last.unattributed());
        assertTrue(unexplained <= last.processResident() / 10, () -> "at most 10% of VmRSS is left in Other Native"
                + " or not attributed, the memory mapped directly excepted: " + unexplained + " of "
                + last.processResident() + "\n" + app.transcript());
        long javaStacks = last.row("Thread Stacks", "Java Threads").resident();
        assertTrue(javaStacks >= 40 * 64 * 1024, () -> "40 threads 2,000 frames deep: " + javaStacks);
        if (c.jdk().feature() >= 25) {
            // With NMT on, the agent takes NMT's labels: the rows hold what System.map says, page for page.
            String text = app.jvm().systemMap();
            SystemMap systemMap = SystemMap.parse(text);
            long nmtStacks = systemMap.rssLabelledFirst(l -> l.startsWith("STACK-"));
            // A mapping the kernel merged (CODE,GC) is partly the code cache's: GC Structures holds
            // at least the mappings labelled GC first and at most every mapping labelled GC at all.
            long gcAtLeast = systemMap.rssLabelledFirst(l -> l.startsWith("GC") || l.startsWith("CARDTBL"));
            long gcAtMost = systemMap.rssLabelledAtAll(l -> l.startsWith("GC"))
                    + systemMap.rssLabelledAtAll(l -> l.startsWith("CARDTBL"));
            assertTrue(nmtStacks > 0, () -> "System.map labels the stacks:\n" + text);
            long stacks = last.row("Thread Stacks", "").resident();
            assertTrue(Math.abs(stacks - nmtStacks) <= 0.10 * nmtStacks, () -> "Thread Stacks " + stacks
                    + " within 10% of the stacks System.map labels (resident " + nmtStacks + ")");
            long gc = last.row("GC Structures", "").resident();
            // Before the first collection G1's tables may be untouched: 0 resident, to within a page or so.
            long slack = 64 * 1024;
            assertTrue(gc >= Math.min(0.90 * gcAtLeast, gcAtLeast - slack)
                    && gc <= Math.max(1.10 * gcAtMost, gcAtMost + slack), () -> "GC Structures " + gc
                    + " within 10% of the GC and card-table mappings System.map labels (resident " + gcAtLeast
                    + " labelled so first, " + gcAtMost + " labelled so at all)");
        }
        assertEquals(List.of(), last.problems(), app::transcript);
    }

    /** NMT as each collector's case has it: detail under G1, summary under ZGC, off under the others. */
    private static String nmt(Gc gc) {
        return gc == G1 ? "detail" : gc == ZGC ? "summary" : "off";
    }

    @Cases(collectors = {G1, PARALLEL, SERIAL, SHENANDOAH, ZGC})
    void theRowsAddUpToVmRssUnderEveryCollector(Case c, Apps apps) throws Exception {
        String nmt = nmt(c.gc());
        App app = apps.start(c.app("idle").agent("interval=1s").jvmArgs("-Xmx256m", "-XX:NativeMemoryTracking=" + nmt)
                .seconds(120));
        Readings.Reading<Long> reading = Readings.aroundEachScan(app, Readings.beans(app),
                () -> ProcStatus.vmRss(app.pid()), ProcessCategoriesIT::rowsAgreeWithVmRss);
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Report last = reading.report();
        for (String category : List.of("Thread Stacks", "Native Heap", "Mapped Files")) {
            assertTrue(last.row(category, "").resident() > 0, () -> category + " holds something: " + last.rows());
        }
        Report.Row other = last.row("Other Native", "");
        long otherNative = other.resident() - Math.max(0, other.zeroPage()) + Math.max(0, last.unattributed());
        // With NMT, the JVM maps tables of its own that only NMT's labels could name.
        assertTrue(!nmt.equals("off") || otherNative <= last.processResident() / 10,
                () -> "at most 10% of VmRSS in Other Native or not attributed: " + otherNative + " of "
                        + last.processResident() + "\n" + last.rows());
        for (Report.Row row : last.rows()) {
            assertTrue(row.resident() >= 0 && row.committed() >= row.resident(), () -> "figures of " + row);
        }
        if (nmt.equals("detail") || nmt.equals("summary") && c.jdk().feature() >= 22) {
            assertTrue(last.rows().stream().anyMatch(r -> r.region().equals("Other Native") && r.isSubRegion()),
                    () -> "NMT's other tags are sub-rows of Other Native: " + last.rows());
            assertEquals(List.of(), last.problems());
        }
    }

    /**
     * What disagrees between the rows and VmRSS as the test read it right before and right after
     * the scan; VmRSS must also have held still across it (within 1%): while the JVM grows (the JIT
     * compiling what the tests' own connection runs, the compiler's arenas) the agent's own VmRSS,
     * read at the scan's end, includes what came after its rows were read, and what it leaves "not
     * attributed" is not what the rows miss.
     */
    private static List<String> rowsAgreeWithVmRss(Report report, long before, long after) {
        List<String> mismatches = new ArrayList<>();
        if (!Expect.isWithin(0.01, before, after)) {
            mismatches.add("VmRSS moved from " + before + " to " + after + " bytes across the scan");
        }
        Expect.checkBetween(mismatches, 0.01, before, after, rowsInVmRss(report), "rows vs VmRSS");
        return mismatches;
    }

    /**
     * What the rows hold as VmRSS counts it: their resident bytes, less the zero page (VmRSS
     * leaves it out), plus the pages VmRSS counts again for each further view of the heap.
     */
    private static long rowsInVmRss(Report report) {
        return report.rows().stream().filter(r -> !r.isSubRegion())
                .mapToLong(r -> r.resident() - Math.max(0, r.zeroPage())).sum() + report.extraViews();
    }

    @Cases(paths = PORTABLE)
    void aProcessNearTheKernelsMappingLimitIsScannedWhole(Case c, Apps apps) throws Exception {
        // Files.readString reads this /proc file short on JDK 17 (it reports a size of 0): read it by lines.
        long limit = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/max_map_count")).get(0).strip());
        assumeTrue(limit < 1_000_000, "vm.max_map_count is " + limit + ": too far to come near in a test");
        long mappings = limit - 4_000; // the JVM needs a few thousand of its own
        App app = apps.start(c.app("native").agent("interval=1s").jvmArgs("-Xmx128m",
                "-Dsamples.native.mappings=" + mappings).seconds(120).readyWhen(null));
        app.awaitStdout("ready", Duration.ofSeconds(120));
        long count = Files.readAllLines(Path.of("/proc", Long.toString(app.pid()), "maps")).size();
        assertTrue(count > limit - 5_000, () -> count + " mappings, the limit is " + limit);
        Report first = app.agent().report();
        Readings.Reading<Long> reading = Readings.aroundEachScan(app, Readings.beans(app),
                () -> ProcStatus.vmRss(app.pid()), ProcessCategoriesIT::rowsAgreeWithVmRss);
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        Report last = reading.report();
        assertTrue(last.scanCount() > first.scanCount(), "the agent scans on");
        assertTrue(last.row("Mapped Files", "Other Files").resident() >= mappings * 4096,
                () -> "each one-page mapping is resident: " + last.row("Mapped Files", "Other Files"));
        for (Report.Row row : last.rows()) {
            assertTrue(row.resident() >= 0 && row.committed() >= 0, () -> "no negative figure: " + row);
        }
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /**
     * While the app allocates (a heap of fixed size, which eden keeps reusing once it has taken
     * its regions, as a long-running application does), the rows stay within 3% of VmRSS, which
     * the agent reads in the same scan, after them: the workload moves between the two.
     */
    @Cases
    void theRowsStayWithinThreePercentOfVmRssWhileTheAppAllocates(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("churn").agent("interval=200ms").jvmArgs("-Xms256m", "-Xmx256m").seconds(120));
        // Until the heap takes no more new memory: a second's allocation without the heap's resident growing.
        long[] heapBefore = {-1};
        Instant[] previous = {Instant.EPOCH};
        await().atMost(App.PATIENCE).until(() -> {
            Report report = app.agent().reportOfAScanAfter(previous[0].plusSeconds(1));
            previous[0] = report.time();
            long heap = report.region(Region.JAVA_HEAP).resident();
            boolean settled = heapBefore[0] >= 0 && heap <= heapBefore[0] * 1.01;
            heapBefore[0] = heap;
            return settled;
        });
        for (int i = 0; i < 5; i++) {
            Report report = app.agent().reportOfAScanAfter(previous[0].plusSeconds(1));
            previous[0] = report.time();
            assertTrue(Math.abs(report.unattributed()) <= report.processResident() * 3 / 100,
                    () -> "not attributed " + report.unattributed() + " of " + report.processResident() + "\n"
                            + report.rows());
            assertEquals(List.of(), report.problems(), app::transcript);
        }
    }

    @Cases(paths = PORTABLE)
    void theLargestThreadStackGroupsAreInTheJsonAndTheRecordingWithoutARowPerThread(Case c, Apps apps)
            throws Exception {
        Path file = dir.resolve("groups.jfr");
        App app = apps.start(c.app("native").agent("interval=1s,recording=" + file).jvmArgs("-Xmx256m").seconds(120));
        // A scan after the workers got deep, which they are once the scenario is ready.
        Instant ready = Instant.now();
        Report report;
        do {
            CommandLineRun run = CommandLineRun.of(c.jdk(), "report", Long.toString(app.pid()), "--json");
            assertEquals(0, run.exitCode(), run::transcript);
            report = Report.fromJson(run.stdout());
        } while (!report.time().isAfter(ready));
        List<Report.StackGroup> groups = report.stackGroups();
        assertTrue(groups.size() <= 10, () -> "the ten largest at most: " + groups);
        Report.StackGroup workers = groups.get(0);
        assertEquals("native-worker-#", workers.group(), () -> "the largest group: " + groups);
        assertEquals(40, workers.threads());
        long javaStacks = report.row("Thread Stacks", "Java Threads").resident();
        assertTrue(workers.resident() >= 40 * 64 * 1024 && workers.resident() <= javaStacks,
                () -> "40 deep stacks, all Java threads' (" + javaStacks + "): " + workers);
        await().atMost(App.PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !JfrFiles.events(file, JfrFiles.STACK_GROUP_EVENT).isEmpty());
        app.close(); // SIGKILL: the recording holds every scan written so far
        List<RecordedEvent> events = JfrFiles.events(file, JfrFiles.STACK_GROUP_EVENT);
        Map<Long, List<RecordedEvent>> byScan = events.stream().collect(Collectors.groupingBy(e -> e.getLong("scanTime")));
        byScan.values().forEach(scan -> assertTrue(scan.size() <= 10, () -> "ten groups a scan at most: " + scan));
        assertTrue(events.stream().anyMatch(e -> e.getString("group").equals("native-worker-#")
                && e.getInt("threads") == 40), events::toString);
        JfrFiles.assertJmcAgrees(file, JfrFiles.STACK_GROUP_EVENT, "resident");
    }

    /** On JDK 22+, whose {@code System.map} labels the stacks. */
    @Cases(since = 22)
    void withoutNmtTheStacksAreWithinFifteenPercentOfWhatNmtLabelsInTheSameWorkload(Case c, Apps apps)
            throws Exception {
        // The workers' recursion kept interpreted in both JVMs: a frame's size then does not depend on
        // when the JIT compiled the method, so both hold the same stacks.
        String interpreted = "-XX:CompileCommand=exclude,io.github.jvmpagemap.samples.DeepStack::recurse";
        Launch nativeApp = c.app("native").jvmArgs("-Xmx256m", interpreted).seconds(120);
        App plain = apps.start(nativeApp.agent("method=pagemap,interval=1s"));
        App tracked = apps.start(nativeApp.withoutAgent().jvmArgs("-XX:NativeMemoryTracking=summary"));
        // The workload's own 40 deep stacks: the rest (the JIT's, the tests' JMX connection's, stacks
        // glibc keeps for ended threads) differs between two JVMs with and without an agent.
        Instant ready = Instant.now();
        long stacks = plain.agent().reportOfAScanAfter(ready).stackGroups().stream()
                .filter(g -> g.group().equals("native-worker-#")).mapToLong(Report.StackGroup::resident).sum();
        String text = tracked.jvm().systemMap();
        long nmt = SystemMap.parse(text).rssLabelledFirst(l -> l.startsWith("STACK-") && l.contains("-native-worker-"));
        assertTrue(nmt > 0, () -> "System.map labels the workers' stacks:\n" + text);
        assertTrue(Math.abs(stacks - nmt) <= 0.15 * nmt, () -> "the workers' stacks without NMT " + stacks
                + ", as NMT labels them in the same workload " + nmt);
    }
}
