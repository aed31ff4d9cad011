package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static io.github.jvmpagemap.samples.it.harness.User.NOBODY;
import static io.github.jvmpagemap.samples.it.harness.User.SELF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.AgentBeans;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.harness.SamplesNative;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.Maps;
import io.github.jvmpagemap.samples.it.kernel.Range;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.AgentLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Written pages: a write window (the {@code written=} option, or the Residency bean's
 * {@code measureWritten}) and the scan at its end, whose rows say how many of their resident bytes
 * were written during the window ({@code writtenBytes}) and how many the window could not watch
 * ({@code untrackedBytes}). The oracles are the workloads, which write known pages at a known
 * pace (the {@code written} sample: 16 MiB of a humongous array's pages and the first 10 MiB of a
 * direct buffer, every 100 ms), and the kernel: a window must leave a heap on transparent huge
 * pages as smaps saw it before (never split), a child forked during it must run as it would
 * without, and memory G1 uncommits and commits again during it must give no error; a client
 * reading the beans must not cut the option's windows short. Where written pages cannot be
 * measured (JDK 17; JDK 22+ without native access) the agent says why in one line and everything
 * else works.
 */
class WrittenPagesIT {
    private static final long MIB = 1 << 20;
    private static final Duration WINDOW = Duration.ofSeconds(1);
    /** The written sample: the array's pages it writes every round, and the direct buffer's. */
    private static final long ARRAY_WRITTEN = 16 * MIB;
    private static final long DIRECT_WRITTEN = 10 * MIB;
    private static final long DIRECT = 64 * MIB;
    private static final Pattern DIRECT_AT = Pattern.compile("direct buffer 64 MiB at 0x(\\p{XDigit}+)");
    /**
     * At most this much of metaspace (or the CDS archive) written in a window after the first:
     * what still writes metaspace then is the JVM's profile of code that is not compiled yet (its
     * invocation counters and method data), that of the tests' JMX calls and of the agent's own
     * window; 0.3 MiB on an idle machine, up to 1.3 MiB while the other tests load it.
     */
    private static final long QUIET_WRITTEN = 2 * MIB;
    /** The forked sample's mapping that it writes, and its children write, every round. */
    private static final long ROUND_WRITTEN = 4 * MIB;
    private static final Pattern ROUND = Pattern.compile("forked: round (\\d+): (.*)");
    private static final String ROUND_OK = "the child read and wrote every page, exit status 0";
    /** G1's log (gc+heap=debug, decorated with timemillis): when it uncommitted how many regions. */
    private static final Pattern UNCOMMIT = Pattern.compile(
            "\\[(\\d+)ms\\].*Concurrent Uncommit Summary: .*, (\\d+) regions");
    private static final String G1_HUMONGOUS = "G1 Humongous";
    private static final String NATIVE_HEAP = "Native Heap";
    private static final String OTHER_NATIVE = "Other Native";

    @TempDir
    Path dir;

    /** A row's figures from the Residency bean's Regions. */
    private record Row(String region, String subRegion, long committed, long resident, long hugePage, long written,
            long untracked) {
        String name() {
            return subRegion.isEmpty() ? region : region + " / " + subRegion;
        }
    }

    /** One scan, read in one call: its start, its write window's length, its rows, its problems. */
    private record Scan(long time, long windowNanos, List<Row> rows, List<String> problems) {
        Row region(String name) {
            return row(name, "");
        }

        Row row(String region, String subRegion) {
            return rows.stream().filter(r -> r.region.equals(region) && r.subRegion.equals(subRegion)).findFirst()
                    .orElseThrow(() -> new AssertionError("no row " + region + "/" + subRegion + " in " + this));
        }

        /**
         * What no scan with a window may publish: a negative figure, written and untracked together
         * above resident (a page is one or the other, or neither), or a problem.
         */
        List<String> inconsistencies() {
            List<String> out = new ArrayList<>(problems);
            for (Row r : rows) {
                if (r.written < 0 || r.untracked < 0 || r.written + r.untracked > r.resident) {
                    out.add(r.name() + ": written " + r.written + ", untracked " + r.untracked + ", resident "
                            + r.resident);
                }
            }
            return out;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("scan at " + time + ", window " + windowNanos + " ns, problems "
                    + problems + "\n");
            for (Row r : rows) {
                s.append(String.format("  %-45s committed %12d resident %12d hugePage %12d written %12d"
                        + " untracked %12d%n", r.name(), r.committed, r.resident, r.hugePage, r.written, r.untracked));
            }
            return s.toString();
        }
    }

    private static Scan read(App app) throws Exception {
        Map<String, Object> a = app.agent().attributes(AgentBeans.RESIDENCY, "Regions", "LastScanTime",
                "WriteWindowNanos", "Problems");
        List<Row> rows = new ArrayList<>();
        for (CompositeData r : (CompositeData[]) a.get("Regions")) {
            rows.add(new Row((String) r.get("region"), (String) r.get("subRegion"), (Long) r.get("committedBytes"),
                    (Long) r.get("residentBytes"), (Long) r.get("hugePageBytes"), (Long) r.get("writtenBytes"),
                    (Long) r.get("untrackedBytes")));
        }
        return new Scan((Long) a.get("LastScanTime"), (Long) a.get("WriteWindowNanos"), rows,
                List.of((String[]) a.get("Problems")));
    }

    /**
     * A window of {@code length} asked for through the bean, and its scan (with interval=1h no
     * other scan comes between), which must have lasted about that long and be consistent.
     */
    private static Scan measure(App app, Duration length) throws Exception {
        long time = app.agent().measureWritten(length);
        Scan scan = read(app);
        assertEquals(time, scan.time(), () -> "the beans give the window's scan: " + scan + app.transcript());
        assertTrue(scan.windowNanos() >= length.toNanos() && scan.windowNanos() < length.plusSeconds(1).toNanos(),
                () -> "the window lasted about " + length.toMillis() + " ms: " + scan + app.transcript());
        assertEquals(List.of(), scan.inconsistencies(), () -> scan + app.transcript());
        return scan;
    }

    /**
     * The written sample, as root and as nobody: after a first window (which also sees the
     * JIT and the tests' connection warming up), a second sees exactly the humongous array's
     * pages the sample rewrites, 16 MiB, never less and at most 5% more (the array's header is in
     * one of them; nothing else lies in its regions), and the direct buffer's 10 MiB in the native
     * heap, and none of the buffer's other 54 MiB (the rest of the native heap, the JIT's arenas
     * and the JVM's own mallocs, may be written: 1 to 8 MiB of it is); metaspace and the CDS archive,
     * written at start-up, are hardly written any more (the archive is a file mapping, which no
     * window watches).
     */
    @Cases(collectors = Gc.G1, paths = FAST, users = {SELF, NOBODY})
    void aWindowSeesThePagesTheAppWrites(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("written").agent("interval=1h").jvmArgs("-Xmx256m"));
        measure(app, WINDOW);
        Scan scan = measure(app, WINDOW);
        String seen = scan + app.transcript();

        Row humongous = scan.row(Region.JAVA_HEAP, G1_HUMONGOUS);
        assertTrue(humongous.written >= ARRAY_WRITTEN && humongous.written <= ARRAY_WRITTEN * 105 / 100,
                () -> "G1 Humongous written: the sample writes 16 MiB of the array's pages: " + seen);
        assertTrue(scan.region(Region.JAVA_HEAP).written >= humongous.written, seen);

        Row nativeHeap = scan.region(NATIVE_HEAP);
        long directOnHugePages = directBufferHugePages(app);
        if (directOnHugePages == 0) {
            // The rest of the native heap (the JIT's arenas, the JVM's own mallocs) may be written,
            // the buffer's other 54 MiB not.
            assertTrue(nativeHeap.written >= DIRECT_WRITTEN
                    && nativeHeap.written <= nativeHeap.resident - (DIRECT - DIRECT_WRITTEN),
                    () -> "Native Heap written: the sample writes 10 MiB of its 64 MiB direct buffer: " + seen);
        } else {
            // THP for all: the buffer's huge pages are not watched, so not written but untracked.
            assertTrue(nativeHeap.written + nativeHeap.untracked >= DIRECT_WRITTEN, () -> "the direct buffer has "
                    + directOnHugePages + " bytes on huge pages: " + seen);
        }
        for (String quiet : List.of(Region.METASPACE, Region.CDS_ARCHIVE)) {
            assertTrue(scan.region(quiet).written <= QUIET_WRITTEN, () -> quiet + " is hardly written after start-up: "
                    + seen);
        }
        Object beanWritten = app.agent().connection().getAttribute(
                AgentBeans.name("jvmpagemap:type=Region,name=" + Region.JAVA_HEAP + ",sub=" + G1_HUMONGOUS),
                "WrittenBytes");
        assertEquals(humongous.written, beanWritten, () -> "the region bean gives the same scan: " + seen);
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /**
     * The option's windows watch a sample of the pages (one in 64 unless asked otherwise), each
     * row's written an estimate with its standard error: on the written sample, a periodic window's
     * estimate for G1 Humongous (its array: 2,048 blocks of 8 pages, about 32 of them sampled, a
     * quarter of each block's pages written every round) lies within four of its standard errors
     * (and a percent) of what a window on request counts exactly on the same workload, and that
     * error is a small share of it.
     */
    @Cases(collectors = Gc.G1, paths = FAST)
    void aSampledWindowEstimatesWhatAnExactWindowCounts(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("written").agent("interval=2s,written=1s").jvmArgs("-Xmx256m"));
        app.agent().awaitBeans();
        ObjectNameRow humongous = new ObjectNameRow(Region.JAVA_HEAP, G1_HUMONGOUS);
        long[] estimate = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (estimate == null && System.nanoTime() < deadline) {
            long[] seen = humongous.writtenAndError(app);
            if (seen[0] >= 0 && seen[1] >= 0) {
                estimate = seen;
            } else {
                Thread.sleep(100);
            }
        }
        long[] sampled = estimate;
        assertTrue(sampled != null, () -> "no window's scan in 30 s\n" + app.transcript());
        Scan exact = measure(app, WINDOW);
        long counted = exact.row(Region.JAVA_HEAP, G1_HUMONGOUS).written;
        String seen = "sampled " + sampled[0] + " +- " + sampled[1] + ", counted " + counted + "\n" + exact
                + app.transcript();
        assertEquals(ARRAY_WRITTEN, counted, () -> "a window on request counts every page: " + seen);
        assertEquals(0, humongous.writtenAndError(app)[1], () -> "an exact count has no error: " + seen);
        // The sample's blocks are alike here (2 of every 8 pages written), so its error may be 0.
        assertTrue(Math.abs(sampled[0] - counted) <= 4 * sampled[1] + counted / 100, () -> "within four errors: "
                + seen);
        assertTrue(sampled[1] < counted / 4, () -> "the error is a small share of it: " + seen);
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /** One row of the Residency bean's Regions, found by name. */
    private record ObjectNameRow(String region, String subRegion) {
        /** The latest scan's written bytes and their standard error for this row; -1s without a window. */
        long[] writtenAndError(App app) throws Exception {
            Map<String, Object> a = app.agent().attributes(AgentBeans.RESIDENCY, "Regions");
            for (CompositeData r : (CompositeData[]) a.get("Regions")) {
                if (region.equals(r.get("region")) && subRegion.equals(r.get("subRegion"))) {
                    return new long[] {(Long) r.get("writtenBytes"), (Long) r.get("writtenErrorBytes")};
                }
            }
            throw new AssertionError("no row " + region + "/" + subRegion);
        }
    }

    /** True if G1's log has an uncommit within one of {@code windows}. */
    private static boolean uncommittedDuringOne(List<Scan> windows, Path gcLog) throws java.io.IOException {
        List<long[]> uncommits = uncommits(gcLog);
        return windows.stream().anyMatch(w -> uncommits.stream().anyMatch(u -> u[0] <= w.time()
                && u[0] >= w.time() - w.windowNanos() / 1_000_000));
    }

    /** G1's uncommits of one region or more: when (ms since the epoch) and how many regions. */
    private static List<long[]> uncommits(Path gcLog) throws java.io.IOException {
        if (!Files.exists(gcLog)) {
            return List.of();
        }
        return Files.readAllLines(gcLog).stream().map(UNCOMMIT::matcher).filter(Matcher::find)
                .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))})
                .filter(u -> u[1] > 0).toList();
    }

    /** Bytes of the sample's direct buffer mapping on transparent huge pages (smaps AnonHugePages); 0 if none. */
    private static long directBufferHugePages(App app) throws Exception {
        Matcher at = app.stdout().stream().map(DIRECT_AT::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("no address of the direct buffer\n" + app.transcript()));
        long address = Long.parseUnsignedLong(at.group(1), 16);
        Maps.Mapping mapping = Maps.of(app.pid()).mappings().stream()
                .filter(m -> m.start() <= address && address < m.end()).findFirst()
                .orElseThrow(() -> new AssertionError("no mapping holds the direct buffer at 0x"
                        + Long.toHexString(address)));
        return SmapsFields.sum(app.pid(), List.of(new Range(mapping.start(), mapping.end())), "AnonHugePages");
    }

    /**
     * The jit sample while it compiles (it would compile until its code cache has grown by 32
     * MiB: it does not finish while the test runs): a window sees the code cache written. Every
     * page of the code cache that became resident after the window began was written during the
     * window, or, committed during the window (a mapping of its own, which no window watches) or
     * faulted in after the window was read and before the scan walked, is untracked: the two
     * together are at least half of what became resident between the kernel's Rss just before the
     * window and the scan (the half leaves room for what was compiled before the window armed).
     */
    @Cases(collectors = Gc.G1, paths = FAST)
    void aWindowSeesTheCodeCacheWrittenWhileTheJitCompiles(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("jit").agent("interval=1h").jvmArgs("-Xmx128m", "-Dsamples.jit.mib=32")
                .readyWhen("methods warmed"));
        app.agent().awaitBeans();
        List<Range> codeCache = app.layout().region(Region.CODE_CACHE).ranges();
        long before = SmapsFields.sum(app.pid(), codeCache, "Rss");
        Scan scan = measure(app, WINDOW);
        Row code = scan.region(Region.CODE_CACHE);
        String seen = "code cache Rss " + before + " just before the window\n" + scan + app.transcript();
        assertFalse(app.stdout().stream().anyMatch(l -> l.equals("jit: ready")), () -> "still compiling: " + seen);
        long grown = code.resident - before;
        assertTrue(grown >= MIB / 4, () -> "the code cache grew during the window: " + seen);
        assertTrue(code.written > 0 && code.written + code.untracked >= grown / 2, () -> "Code Cache written: "
                + seen);
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /**
     * A heap on transparent huge pages (pre-touched) while the written sample writes its array
     * on them: the window watches no huge page (watching one would split it at its first
     * write), so the heap's AnonHugePages in smaps is the same before and after the window, and
     * the heap's huge pages are all untracked.
     */
    @Cases(collectors = Gc.G1, paths = FAST)
    @Needs(Requirement.TRANSPARENT_HUGE_PAGES)
    @ResourceLock(value = Locks.THP_SETTINGS, mode = ResourceAccessMode.READ)
    void aWindowNeverSplitsAHugePage(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("written").agent("interval=1h").jvmArgs("-Xms256m", "-Xmx256m",
                "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages"));
        app.agent().awaitBeans();
        List<Range> heap = app.layout().region(Region.JAVA_HEAP).ranges();
        long before = app.whileStopped(() -> SmapsFields.sum(app.pid(), heap, "AnonHugePages"));
        Scan scan = measure(app, WINDOW);
        long after = app.whileStopped(() -> SmapsFields.sum(app.pid(), heap, "AnonHugePages"));
        String seen = "heap AnonHugePages " + before + " before the window, " + after + " after\n" + scan
                + app.transcript();
        assertTrue(before >= 128 * MIB, () -> "THP backs most of the 256 MiB heap: " + seen);
        assertEquals(before, after, () -> "no huge page of the heap split: " + seen);
        Row javaHeap = scan.region(Region.JAVA_HEAP);
        assertTrue(javaHeap.hugePage >= 128 * MIB && javaHeap.untracked >= javaHeap.hugePage,
                () -> "the heap's huge pages are untracked: " + seen);
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /**
     * The forked sample forking a child every 100 ms while a window runs: each child reads and
     * writes again the 4 MiB its parent has just written, and exits 0; the parent's pages stay
     * as it wrote them; the agent says nothing, and sees those 4 MiB written (Other Native: the
     * sample maps them with mmap).
     */
    @Cases(collectors = Gc.G1, paths = FAST)
    void aChildForkedDuringAWindowRunsAsItWouldWithout(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("forked").agent("interval=1h").jvmArgs("-Xmx256m", SamplesNative.property(),
                "-Dsamples.forked.millis=100"));
        app.agent().awaitBeans();
        app.awaitStdout("forked: round 1:");
        int roundsBefore = rounds(app).size();
        Scan scan = measure(app, WINDOW);
        List<String> rounds = rounds(app);
        String seen = scan + app.transcript();
        assertTrue(rounds.size() - roundsBefore >= 2, () -> "children were forked during the window: " + seen);
        assertEquals(List.of(), rounds.stream().filter(r -> !r.equals(ROUND_OK)).toList(), seen);
        assertTrue(scan.region(OTHER_NATIVE).written >= ROUND_WRITTEN, () -> "the parent's 4 MiB written: " + seen);
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /** What the forked sample said of each round so far. */
    private static List<String> rounds(App app) {
        return app.stdout().stream().map(ROUND::matcher).filter(Matcher::matches).map(m -> m.group(2)).toList();
    }

    /**
     * The churn sample under G1 with a heap that grows and shrinks all the time (free ratios of
     * 5% and 10%), and the {@code written=} option's windows most of the time (400 ms of every
     * 500): during them G1 uncommits regions (its log says when) and commits them again, which
     * replaces watched mappings, some while a window is being armed. The agent reports no
     * problem, and no figure out of bounds.
     */
    @Cases(collectors = Gc.G1, paths = FAST)
    void memoryUncommittedDuringAWindowGivesNoError(Case c, Apps apps) throws Exception {
        Path gcLog = dir.resolve("gc.log");
        App app = apps.start(c.app("churn").agent("interval=500ms,written=400ms").jvmArgs("-Xms16m", "-Xmx256m",
                "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10",
                "-Xlog:gc+heap=debug:file=" + gcLog + ":timemillis"));
        app.agent().awaitBeans();
        // Every window's scan (reading the beans does not cut a window short), until one saw G1
        // uncommit regions during it, 30 s at most: on a loaded machine a scan takes seconds.
        List<Scan> windows = new ArrayList<>();
        List<String> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long last = 0;
        while (!uncommittedDuringOne(windows, gcLog) && System.nanoTime() < deadline) {
            Scan scan = read(app);
            if (scan.time() != last) {
                all.add(scan.time() + ": " + scan.windowNanos());
                last = scan.time();
                if (scan.windowNanos() > 0) {
                    windows.add(scan);
                    assertEquals(List.of(), scan.inconsistencies(), () -> scan + app.transcript());
                }
            }
            Thread.sleep(50);
        }
        List<String> uncommitted = uncommits(gcLog).stream().map(u -> u[0] + " " + u[1]).toList();
        assertTrue(uncommittedDuringOne(windows, gcLog), () -> "G1 uncommitted regions during a window; scans"
                + " (time: window ns): " + all + "\nG1's uncommits (time, regions): " + uncommitted + "\n"
                + app.transcript());
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /**
     * A client that reads the beans often (every 20 ms, as an impatient dashboard might) while
     * the {@code written=1s} option's windows run: reading never ends a window early, so every
     * scan after the first window has one, and each lasted the second asked for (at most a
     * second more).
     */
    @Cases(collectors = Gc.G1, paths = FAST)
    void readingTheBeansNeverCutsAWindowShort(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("written").agent("interval=1500ms,written=1s").jvmArgs("-Xmx256m"));
        app.agent().awaitBeans();
        List<Scan> scans = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(9).toNanos();
        while (System.nanoTime() < until) {
            Scan scan = read(app);
            if (scans.isEmpty() || scan.time() != scans.get(scans.size() - 1).time()) {
                scans.add(scan);
            }
            Thread.sleep(20);
        }
        List<Long> windows = scans.stream().map(Scan::windowNanos).toList();
        int first = windows.indexOf(windows.stream().filter(w -> w > 0).findFirst().orElse(-2L));
        String seen = "windows (ns) of the scans read in turn: " + windows + "\n" + app.transcript();
        assertTrue(first >= 0 && windows.size() - first >= 3, () -> "three scans with a window at least: " + seen);
        for (long w : windows.subList(first, windows.size())) {
            assertTrue(w >= WINDOW.toNanos() && w < WINDOW.plusSeconds(1).toNanos(), seen);
        }
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);
    }

    /**
     * Where written pages cannot be measured: JDK 17 (no FFM), and JDK 22+ without native
     * access (the pagemap path's command line). With {@code written=} the agent says why in one
     * note, and nothing else changes: scans come, resident figures are there, written and
     * untracked are -1 (n/a), as is the window's length; {@code measureWritten} is refused with
     * the same reason.
     */
    @Cases(collectors = Gc.G1, paths = PORTABLE)
    void withoutWrittenPagesTheAgentSaysWhyOnceAndWorksOn(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("idle").agent("interval=1s,written=500ms").jvmArgs("-Xmx256m"));
        app.agent().awaitScans(2);
        String reason = c.jdk().feature() >= 22 ? "written pages need native access: add"
                + " --enable-native-access=ALL-UNNAMED to the java command line"
                : "written pages need JDK 22 or newer";
        List<String> aboutWritten = AgentLines.all(app.stderr()).stream().filter(l -> l.contains("written")).toList();
        assertEquals(1, aboutWritten.size(), app::transcript);
        String note = aboutWritten.get(0);
        assertTrue(note.startsWith(AgentLines.NOTE + "written=500ms: ") && note.contains(reason)
                && note.endsWith("; written and untracked show as n/a"), app::transcript);
        assertEquals(List.of(), AgentLines.problems(app.stderr()), app::transcript);

        Scan scan = read(app);
        String seen = scan + app.transcript();
        assertEquals(-1, scan.windowNanos(), seen);
        assertEquals(List.of(), scan.problems(), seen);
        assertTrue(scan.region(Region.JAVA_HEAP).resident >= 64 * MIB, () -> "the idle sample's 64 MiB: " + seen);
        for (Row r : scan.rows()) {
            assertTrue(r.written == -1 && r.untracked == -1, () -> r.name() + " has no written figures: " + seen);
        }
        MBeanException refused = assertThrows(MBeanException.class, () -> app.agent().measureWritten(WINDOW),
                app::transcript);
        assertTrue(String.valueOf(refused.getMessage()).contains(reason), () -> refused + "\n" + app.transcript());
        assertEquals(aboutWritten, AgentLines.all(app.stderr()).stream().filter(l -> l.contains("written")).toList(),
                () -> "the refusal printed nothing: " + app.transcript());
    }
}
