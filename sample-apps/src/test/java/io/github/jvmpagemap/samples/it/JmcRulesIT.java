package io.github.jvmpagemap.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Command;
import io.github.jvmpagemap.samples.it.harness.Host;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.JmcRulesJar;
import io.github.jvmpagemap.samples.it.harness.Launch;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.harness.SwapSpace;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Future;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/**
 * The JMC rules jar, loaded as JMC loads it (ServiceLoader over the jar alone, JMC's own rules
 * engine), over recordings the agent makes of sample apps: each rule fires on the scenario made
 * for it and every rule is OK on an idle app. The figures a rule reports are checked against
 * the same recording read with the JDK's own parser.
 */
class JmcRulesIT {
    static final String HEAP_IN_SWAP = "JvmPagemapHeapInSwap";
    static final String HUGE_PAGES = "JvmPagemapHugePagesNotGiven";
    static final String HELD_NOT_USED = "JvmPagemapHeldNotUsed";
    static final String PRE_TOUCHED = "JvmPagemapPreTouchedHeap";
    static final String AGENT_OPTIONS = "interval=1s,recording=";

    static List<IRule> rules;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheRulesJarAsJmcDoes() throws IOException {
        // Its own class loader over the jar alone: the event classes are not there, nor needed.
        URLClassLoader loader = new URLClassLoader(new URL[] {JmcRulesJar.PATH.toUri().toURL()},
                JmcRulesIT.class.getClassLoader());
        rules = new ArrayList<>();
        ServiceLoader.load(IRule.class, loader).forEach(rules::add);
        assertEquals(JmcRulesJar.RULES,
                rules.stream().map(IRule::getId).toList(), "the rules the jar's services file lists");
    }

    @Cases(jdks = Cases.Jdks.NEWEST)
    void everyRuleIsOkOnAnIdleApp(Case c, Apps apps) throws Exception {
        Path file = record(apps, c.app("idle").jvmArgs("-Xmx256m"), 6, null);
        Map<String, IResult> results = evaluate(file);
        for (String id : results.keySet()) {
            assertEquals(Severity.OK, results.get(id).getSeverity(), () -> id + ": " + describe(results.get(id)));
        }
    }

    @Cases(jdks = Cases.Jdks.NEWEST)
    @ResourceLock(Locks.SWAP)
    void heapPushedToSwapIsReportedWithHowMuch(Case c, Apps apps) throws Exception {
        Path file;
        try (SwapSpace swap = SwapSpace.create()) {
            file = record(apps, c.app("idle").jvmArgs(SwapSpace.PRE_TOUCHED_HEAP), 5, app -> {
                swap.pageOutHalfTheHeap(app);
            });
        }
        IResult result = evaluate(file).get(HEAP_IN_SWAP);
        assertEquals(Severity.WARNING, result.getSeverity(), () -> describe(result));
        long swapped = bytes(result, "swapped");
        long mostInRecording = heapRows(file).stream().mapToLong(e -> e.getLong("swapped")).max().orElse(0);
        assertEquals(mostInRecording, swapped, () -> describe(result));
        assertTrue(swapped >= SwapSpace.HALF_HEAP / 2, () -> "most of the half heap went to swap\n" + describe(result));
        assertTrue(result.getSummary().contains("Java Heap"), () -> describe(result));
    }

    /**
     * The JVM reads the mode from the file (JDK 21 and newer) and turns the flag off, so only the
     * command line tells that huge pages were asked for. The file is only what the JVM reads: the
     * kernel keeps its real mode, so that must not be {@code always} (which would give the heap
     * huge pages all the same), and JDK 17, which madvises the heap without reading the file, gets
     * them from a kernel in {@code madvise} mode.
     */
    @Cases(jdks = Cases.Jdks.NEWEST, since = 21)
    @Needs({Requirement.MOUNT_NAMESPACES, Requirement.TRANSPARENT_HUGE_PAGES})
    @ResourceLock(value = Locks.MOUNTS, mode = ResourceAccessMode.READ)
    void transparentHugePagesAskedForWhileTheKernelSaysNeverAreReportedNotGiven(Case c, Apps apps) throws Exception {
        assumeTrue(!Files.readString(Host.THP_ENABLED).contains("[always]"), "the kernel's real THP mode is always");
        Path never = Files.createTempFile(dir, "thp", ".enabled",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.writeString(never, "always madvise [never]\n");
        Path file = record(apps, c.app("idle").jvmArgs("-Xmx256m", "-XX:+UseTransparentHugePages")
                .withMount(never.toString(), Host.THP_ENABLED.toString()), 6, null);
        IResult result = evaluate(file).get(HUGE_PAGES);
        assertEquals(Severity.WARNING, result.getSeverity(), () -> describe(result));
        RecordedEvent last = heapRows(file).get(heapRows(file).size() - 1);
        assertEquals((double) last.getLong("hugePage") / last.getLong("resident"),
                result.getResult(typed(result, "hugePageShare", IQuantity.class)).doubleValueIn(UnitLookup.PERCENT_UNITY),
                1e-9, () -> describe(result));
        List<RecordedEvent> flag = JfrFiles.events(file, "jdk.BooleanFlag").stream()
                .filter(e -> e.getString("name").equals("UseTransparentHugePages")).toList();
        assertTrue(!flag.isEmpty(), "the agent's recording carries the JVM's flags");
        assertEquals(false, flag.get(flag.size() - 1).getBoolean("value"), "the JVM turned the flag off");
        assertTrue(result.getExplanation().contains("turned UseTransparentHugePages off"), () -> describe(result));
    }

    @Cases(jdks = Cases.Jdks.NEWEST)
    void anOversizedPreTouchedHeapIsReportedTouchedOnceAndHeldNotUsed(Case c, Apps apps) throws Exception {
        Path file = record(apps, c.app("idle").jvmArgs("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"), 6, null);
        Map<String, IResult> results = evaluate(file);
        IResult touched = results.get(PRE_TOUCHED);
        assertEquals(Severity.WARNING, touched.getSeverity(), () -> describe(touched));
        assertEquals(heapRows(file).get(0).getLong("resident"), bytes(touched, "preTouched"), () -> describe(touched));
        assertTrue(bytes(touched, "preTouched") >= (1L << 30) * 9 / 10, () -> describe(touched));

        IResult held = results.get(HELD_NOT_USED);
        assertTrue(held.getSeverity().compareTo(Severity.INFO) >= 0, () -> describe(held));
        long freeResident = JfrFiles.events(file, JfrFiles.REGION_EVENT).stream()
                .filter(e -> "G1 Free".equals(e.getString("subRegion"))).mapToLong(e -> e.getLong("resident"))
                .max().orElse(0);
        assertEquals(freeResident, bytes(held, "freeResident"), () -> describe(held));

        String report = jmcTextReport(c.jdk(), file);
        assertTrue(report.contains("Heap Touched Once, Never Again") && report.contains(touched.getSummary()),
                () -> "JMC's own headless report lists the rule's finding\n" + report);
    }

    /**
     * The agent's recording of the app {@code launch} starts: {@code whileRunning} acts once the
     * app is ready, and the app exits once the recording holds {@code scans} scans made after that
     * (a scan a second).
     */
    private Path record(Apps apps, Launch launch, int scans, Action whileRunning) throws Exception {
        Path file = dir.resolve("app.jfr");
        App app = apps.start(launch.agent(AGENT_OPTIONS + file).endsWhenTold());
        if (whileRunning != null) {
            whileRunning.run(app);
        }
        Instant acted = Instant.now();
        Path soFar = dir.resolve("so-far.jfr");
        await().atMost(App.PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> app.recordedSoFar(JfrFiles.SCAN_EVENT, soFar).stream()
                        .filter(e -> Instant.ofEpochMilli(e.getLong("scanTime")).isAfter(acted)).count() >= scans);
        Files.delete(soFar);
        assertEquals(0, app.end(), app::transcript);
        return file;
    }

    interface Action {
        void run(App app) throws Exception;
    }

    /** Every rule's result, by JMC's rules engine. */
    private static Map<String, IResult> evaluate(Path file) throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(file.toFile());
        Map<String, IResult> results = new TreeMap<>();
        for (Map.Entry<IRule, Future<IResult>> e : RulesToolkit.evaluateParallel(rules, items, null, 1).entrySet()) {
            results.put(e.getKey().getId(), e.getValue().get());
        }
        return results;
    }

    /** The Java heap's own rows (not its sub-regions'), read with the JDK's parser. */
    private static List<RecordedEvent> heapRows(Path file) throws IOException {
        return JfrFiles.events(file, JfrFiles.REGION_EVENT).stream()
                .filter(e -> Region.JAVA_HEAP.equals(e.getString("region")) && "".equals(e.getString("subRegion")))
                .sorted((a, b) -> Long.compare(a.getLong("scanTime"), b.getLong("scanTime"))).toList();
    }

    private static long bytes(IResult result, String id) {
        return result.getResult(typed(result, id, IQuantity.class)).clampedLongValueIn(UnitLookup.BYTE);
    }

    @SuppressWarnings("unchecked")
    private static <T> TypedResult<T> typed(IResult result, String id, Class<T> type) {
        for (TypedResult<?> t : result.getRule().getResults()) {
            if (t.getIdentifier().equals(id) && type.isAssignableFrom(t.getResultClass())) {
                return (TypedResult<T>) t;
            }
        }
        throw new AssertionError(result.getRule().getId() + " declares no result " + id);
    }

    private static String describe(IResult r) {
        return r.getRule().getId() + " " + r.getSeverity() + "\nsummary: " + r.getSummary() + "\nexplanation: "
                + r.getExplanation() + "\nsolution: " + r.getSolution();
    }

    /** The command the docs give: JMC's JfrRulesReport with the rules jar on its class path. */
    private static String jmcTextReport(Jdk jdk, Path file) {
        String classPath = System.getProperty("java.class.path") + ":" + JmcRulesJar.PATH.toAbsolutePath();
        return Command.output(jdk.java().toString(), "-cp", classPath,
                "org.openjdk.jmc.flightrecorder.rules.report.JfrRulesReport", "-format", "text", "-min", "info",
                file.toString());
    }
}
