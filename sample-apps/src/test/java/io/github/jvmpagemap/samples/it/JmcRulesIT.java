package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.SwapSpace;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Range;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.published.JfrFiles;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Future;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    static final Path RULES_JAR = Path.of(System.getProperty("jvmpagemap.jmcRulesJar",
            "../jfr-events/target/jvm-pagemap-jmc-rules.jar"));
    static final String HEAP_IN_SWAP = "JvmPagemapHeapInSwap";
    static final String HUGE_PAGES = "JvmPagemapHugePagesNotGiven";
    static final String HELD_NOT_USED = "JvmPagemapHeldNotUsed";
    static final String PRE_TOUCHED = "JvmPagemapPreTouchedHeap";
    static final Path THP_ENABLED = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    static final String AGENT_OPTIONS = "interval=1s,recording=";

    static List<IRule> rules;
    static Jdk jdk;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheRulesJarAsJmcDoes() throws IOException {
        // Its own class loader over the jar alone: the event classes are not there, nor needed.
        URLClassLoader loader = new URLClassLoader(new URL[] {RULES_JAR.toUri().toURL()},
                JmcRulesIT.class.getClassLoader());
        rules = new ArrayList<>();
        ServiceLoader.load(IRule.class, loader).forEach(rules::add);
        assertEquals(List.of(HEAP_IN_SWAP, HUGE_PAGES, HELD_NOT_USED, PRE_TOUCHED),
                rules.stream().map(IRule::getId).toList(), "the rules the jar's services file lists");
        List<Jdk> all = Jdk.installed();
        jdk = all.get(all.size() - 1);
    }

    @Test
    void everyRuleIsOkOnAnIdleApp() throws Exception {
        Path file = record(List.of(), List.of("-Xmx256m"), 8, null);
        Map<String, IResult> results = evaluate(file);
        for (String id : results.keySet()) {
            assertEquals(Severity.OK, results.get(id).getSeverity(), () -> id + ": " + describe(results.get(id)));
        }
    }

    @Test
    void heapPushedToSwapIsReportedWithHowMuch() throws Exception {
        Path file;
        try (SwapSpace swap = SwapSpace.create()) {
            file = record(List.of(), SwapIT.HEAP, 10, app -> {
                Range heap = LayoutOracle.of(jdk, app.pid()).region(Region.JAVA_HEAP).ranges().get(0);
                swap.pageOut(app.pid(), heap.start(), heap.start() + SwapIT.HALF_HEAP);
            });
        }
        IResult result = evaluate(file).get(HEAP_IN_SWAP);
        assertEquals(Severity.WARNING, result.getSeverity(), () -> describe(result));
        long swapped = bytes(result, "swapped");
        long mostInRecording = heapRows(file).stream().mapToLong(e -> e.getLong("swapped")).max().orElse(0);
        assertEquals(mostInRecording, swapped, () -> describe(result));
        assertTrue(swapped >= SwapIT.HALF_HEAP / 2, () -> "most of the half heap went to swap\n" + describe(result));
        assertTrue(result.getSummary().contains("Java Heap"), () -> describe(result));
    }

    /**
     * The JVM reads the mode from the file (JDK 21 and newer) and turns the flag off, so only the
     * command line tells that huge pages were asked for. The file is only what the JVM reads: the
     * kernel keeps its real mode, so that must not be {@code always} (which would give the heap
     * huge pages all the same), and JDK 17, which madvises the heap without reading the file, gets
     * them from a kernel in {@code madvise} mode.
     */
    @Test
    void transparentHugePagesAskedForWhileTheKernelSaysNeverAreReportedNotGiven() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to bind-mount over " + THP_ENABLED);
        assumeTrue(Files.exists(THP_ENABLED), "this kernel has no transparent huge pages");
        assumeTrue(!Files.readString(THP_ENABLED).contains("[always]"), "the kernel's real THP mode is always");
        assumeTrue(jdk.feature() >= 21, "JDK 17 does not read the THP mode");
        assumeTrue(new ProcessBuilder("unshare", "-m", "true").start().waitFor() == 0, "unshare -m is not permitted");
        Path never = Files.createTempFile(dir, "thp", ".enabled",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.writeString(never, "always madvise [never]\n");
        List<String> wrapper = List.of("unshare", "-m", "sh", "-c",
                "mount --bind " + never + " " + THP_ENABLED + " && exec \"$0\" \"$@\"");
        Path file = record(wrapper, List.of("-Xmx256m", "-XX:+UseTransparentHugePages"), 8, null);
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

    @Test
    void anOversizedPreTouchedHeapIsReportedTouchedOnceAndHeldNotUsed() throws Exception {
        Path file = record(List.of(), List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"), 8, null);
        Map<String, IResult> results = evaluate(file);
        IResult touched = results.get(PRE_TOUCHED);
        assertEquals(Severity.WARNING, touched.getSeverity(), () -> describe(touched));
        assertEquals(heapRows(file).get(0).getLong("resident"), bytes(touched, "preTouched"), () -> describe(touched));
        assertTrue(bytes(touched, "preTouched") >= (1L << 30) * 9 / 10, () -> describe(touched));

        IResult held = results.get(HELD_NOT_USED);
        assertTrue(held.getSeverity().compareTo(Severity.INFO) >= 0, () -> describe(held));
        long freeResident = JfrFiles.events(file, JfrIT.REGION_EVENT).stream()
                .filter(e -> e.getString("subRegion").equals("G1 Free")).mapToLong(e -> e.getLong("resident"))
                .max().orElse(0);
        assertEquals(freeResident, bytes(held, "freeResident"), () -> describe(held));

        String report = jmcTextReport(file);
        assertTrue(report.contains("Heap Touched Once, Never Again") && report.contains(touched.getSummary()),
                () -> "JMC's own headless report lists the rule's finding\n" + report);
    }

    /** The app's recording: it runs {@code seconds} and exits; {@code whileRunning} acts once it is ready. */
    private Path record(List<String> wrapper, List<String> jvmArgs, int seconds, Action whileRunning)
            throws Exception {
        Path file = dir.resolve("app.jfr");
        try (ChildJvm app = ChildJvm.start(wrapper, jdk, AGENT_OPTIONS + file, jvmArgs, "idle",
                Integer.toString(seconds))) {
            app.awaitStdout("ready");
            if (whileRunning != null) {
                whileRunning.run(app);
            }
            assertEquals(0, app.awaitExit(), app::transcript);
        }
        return file;
    }

    interface Action {
        void run(ChildJvm app) throws Exception;
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
        return JfrFiles.events(file, JfrIT.REGION_EVENT).stream()
                .filter(e -> e.getString("region").equals(Region.JAVA_HEAP) && e.getString("subRegion").isEmpty())
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
    private static String jmcTextReport(Path file) {
        String classPath = System.getProperty("java.class.path") + ":" + RULES_JAR.toAbsolutePath();
        return ChildJvm.run(List.of(jdk.java().toString(), "-cp", classPath,
                "org.openjdk.jmc.flightrecorder.rules.report.JfrRulesReport", "-format", "text", "-min", "info",
                file.toString()));
    }
}
