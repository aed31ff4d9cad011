package io.github.jvmpagemap.samples.bench;

import io.github.jvmpagemap.jvm.JvmLayout;
import io.github.jvmpagemap.jvm.MBeanDiagnosticCommands;
import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.process.ProcessCategories;
import io.github.jvmpagemap.recording.PageMapSnapshot;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.rows.RowNames;
import io.github.jvmpagemap.scan.Detail;
import io.github.jvmpagemap.scan.PageCounts;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.PageTables;
import io.github.jvmpagemap.scan.ScanMethod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * The scan benchmark: a plain program with warm-up, run with the JDK 22+ source launcher so
 * that it can call the PAGEMAP_SCAN ioctl itself for the kernel-cost baseline. After
 * {@code mvn package}, from the repository root:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp agent/target/jvm-pagemap-agent.jar \
 *     sample-apps/src/bench/java/io/github/jvmpagemap/samples/bench/ScanBenchmark.java [heap GiB...]
 * </pre>
 *
 * Without arguments it measures heaps of 1, 4 and 16 GiB. For each size, with 4 KiB pages and
 * with transparent huge pages, it starts a child JVM with that heap pre-touched, which times,
 * over the committed ranges of the JVM regions: the agent's whole scan (maps, layout, pages)
 * with method=scan and with method=pagemap (detail=basic, and scan with detail=full), reading
 * /proc/self/smaps (what jcmd System.map does), the bare ioctl with no work per result, and a
 * bare batched pread loop over pagemap. Then: the background scanner's CPU over a minute at the
 * default interval with a 4 GiB heap, and JVM start-up with and without the agent.
 *
 * <p>{@code ... ScanBenchmark.java background [warm-up s]} measures only the background CPU of
 * {@code method=scan,detail=basic} (4 GiB heap, 4 KiB pages and THP) after a longer warm-up, for
 * the steady state a long-running agent reaches once the JIT has compiled its scan.
 * {@code ... ScanBenchmark.java scans [heap GiB...]} measures only the table of whole scans.
 * {@code ... ScanBenchmark.java subregions [GiB]} times the whole scan of a pre-touched anonymous
 * mapping (8 GiB by default) taken as the Java heap, once as one row and once cut into 2,048
 * equal address ranges dealt to five sub-regions (as G1's regions are dealt to their types),
 * pre-touched and then with every other page dropped, against the bare kernel reads of the same range.
 * {@code ... ScanBenchmark.java startup} times only the start-up; {@code ... ScanBenchmark.java
 * snapshot [heap GiB...]} times full page-map snapshots against the pagemap scan of the same heap;
 * {@code ... ScanBenchmark.java snapshot-runs [GiB]} writes the snapshot of an anonymous mapping
 * (4 GiB by default) with every other page dropped, a run of every page (1 M runs at 4 GiB), and
 * reports its time, the bytes it allocated on the heap and the young collections it caused, next
 * to those of the scan of the same mapping.
 * {@code ... ScanBenchmark.java default-scans [heap GiB...]} times, as root, the agent's whole scan
 * as it makes it (the JVM's regions and the process categories) with the default
 * {@code detail=auto} against {@code detail=basic}, with each method, alternately in one JVM, idle
 * and allocating as the {@code churn} sample does (4 and 16 GiB by default).
 * {@code ... ScanBenchmark.java folios [heap GiB...]} times, as root, the whole scan with
 * {@code detail=auto} (frames only of pages that are not exclusive) against an explicit
 * {@code detail=full} (the flags of every present page too, for largeFolio), with each method.
 */
public final class ScanBenchmark {
    /** Warm-up: at least this many runs and this long, so that the JIT has compiled the scan. */
    static final int WARMUP = 5;
    static final long WARMUP_NANOS = 2_000_000_000L;
    /** Measured: at least this many runs and this long (and at most 1001 runs). */
    static final int RUNS = 21;
    static final long RUNS_NANOS = 1_000_000_000L;
    static final int MAX_RUNS = 1001;
    static final int SNAPSHOT_RUNS = 5;
    /**
     * Pairs of whole scans (basic, auto) measured in {@code default-scans}, after at least
     * {@link #DEFAULT_WARMUP} pairs and {@link #DEFAULT_WARMUP_NANOS} of them: the frames' code of
     * {@code auto} is compiled later than the walk both share, and a short warm-up left it interpreted.
     */
    static final int DEFAULT_ROUNDS = 41;
    static final int DEFAULT_WARMUP = 100;
    static final long DEFAULT_WARMUP_NANOS = 10_000_000_000L;
    static final String RESULT = "result ";

    private ScanBenchmark() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length > 0 && args[0].equals("footprint")) {
            Footprint.run();
            return;
        }
        if (args.length > 0 && args[0].equals("measure-snapshot")) {
            new Measurement(args[1]).snapshot();
            return;
        }
        if (args.length > 0 && args[0].equals("background")) {
            int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 25;
            Driver driver = new Driver();
            driver.backgroundCpu(4, false, warmUp, 60, true);
            driver.backgroundCpu(4, true, warmUp, 60, true);
            return;
        }
        if (args.length > 0 && args[0].equals("default-cost")) {
            int gib = args.length > 1 ? Integer.parseInt(args[1]) : 4;
            int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 60;
            int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
            Driver driver = new Driver();
            for (boolean thp : new boolean[] {false, true}) {
                driver.defaultCost(gib, thp, warmUp, seconds);
            }
            return;
        }
        if (args.length > 0 && args[0].equals("first-minutes")) {
            int gib = args.length > 1 ? Integer.parseInt(args[1]) : 4;
            int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
            Driver driver = new Driver();
            for (String options : new String[] {"method=scan", "method=pagemap"}) {
                driver.firstMinutes(gib, options, minutes);
            }
            return;
        }
        if (args.length > 0 && args[0].equals("subregions")) {
            new Measurement("sub-regions").subRegions(args.length > 1 ? Integer.parseInt(args[1]) : 8, 2048);
            return;
        }
        if (args.length > 0 && args[0].equals("snapshot-runs")) {
            new Measurement("snapshot of runs").snapshotOfRuns(args.length > 1 ? Integer.parseInt(args[1]) : 4);
            return;
        }
        if (args.length > 0 && args[0].equals("startup")) {
            new Driver().startup(20);
            return;
        }
        if (args.length > 0 && args[0].equals("snapshot")) {
            Driver driver = new Driver();
            List<Integer> gibs = Arrays.stream(args).skip(1).map(Integer::valueOf).toList();
            System.out.println("page-map snapshots, medians of " + SNAPSHOT_RUNS + " after one warm-up");
            for (int gib : gibs.isEmpty() ? List.of(1, 4, 16) : gibs) {
                for (boolean thp : new boolean[] {false, true}) {
                    driver.snapshot(gib, thp);
                }
            }
            return;
        }
        if (args.length > 0 && args[0].equals("folios")) {
            Driver driver = new Driver();
            List<Integer> gibs = Arrays.stream(args).skip(1).map(Integer::valueOf).toList();
            System.out.println("whole scans as root, detail=auto (no largeFolio) against an explicit detail=full"
                    + " (largeFolio), medians of at least " + RUNS + " runs and 1 s after " + WARMUP
                    + " warm-up runs and 2 s, in ms");
            System.out.printf(Locale.ROOT, "%-7s %-5s %9s %9s %7s %9s %9s %7s %9s%n", "heap", "", "scan auto",
                    "scan full", "ratio", "pgmp auto", "pgmp full", "ratio", "pages");
            for (int gib : gibs.isEmpty() ? List.of(1, 4) : gibs) {
                for (boolean thp : new boolean[] {false, true}) {
                    driver.measureIn(gib, thp, "measure-folios");
                }
            }
            return;
        }
        if (args.length > 0 && args[0].equals("default-scans")) {
            Driver driver = new Driver();
            List<Integer> gibs = Arrays.stream(args).skip(1).map(Integer::valueOf).toList();
            System.out.println("whole scans as the agent makes them (the JVM's regions and the process categories),"
                    + " as root: detail=basic, the default detail=auto as the agent runs it, and auto reading all"
                    + " sharing that can change, with the same method, in turn in one JVM, medians of "
                    + DEFAULT_ROUNDS + " rounds after at least " + DEFAULT_WARMUP + " and "
                    + DEFAULT_WARMUP_NANOS / 1_000_000_000L + " s of them, in ms; then the kernel's reads for"
                    + " sharing in auto reading all (timed apart), and whether auto left the mapped files' sharing unread");
            System.out.printf(Locale.ROOT, "%-7s %-5s %-6s %-8s %9s %9s %7s %9s %7s %9s %7s %-10s %7s%n", "heap", "",
                    "app", "method", "basic", "auto", "ratio", "all read", "ratio", "reads", "/basic", "files",
                    "shared");
            for (int gib : gibs.isEmpty() ? List.of(4, 16) : gibs) {
                for (boolean thp : new boolean[] {false, true}) {
                    for (String app : new String[] {"idle", "churn"}) {
                        driver.measureIn(gib, thp, "measure-default", app);
                    }
                }
            }
            return;
        }
        if (args.length > 0 && args[0].equals("measure-default")) {
            new Measurement(args[1]).defaultScans(args[2].equals("churn"));
            return;
        }
        if (args.length > 0 && args[0].equals("measure-folios")) {
            new Measurement(args[1]).folios();
            return;
        }
        if (args.length > 0 && args[0].equals("measure")) {
            new Measurement(args[1]).run();
            return;
        }
        boolean scansOnly = args.length > 0 && args[0].equals("scans");
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            if (!a.equals("scans")) {
                sizes.add(Integer.parseInt(a));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1, 4, 16);
        }
        Driver driver = new Driver();
        System.out.println("# jvm-pagemap scan benchmark, " + Runtime.version() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.println("medians of at least " + RUNS + " runs and 1 s, after at least " + WARMUP
                + " warm-up runs and 2 s, in ms");
        System.out.printf(Locale.ROOT, "%-7s %-5s %8s %8s %9s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %9s%n",
                "heap", "", "scan", "scan", "scan", "pagemap", "pagemap", "smaps", "ioctl", "pread", "allocB",
                "scan/", "scan/", "smaps/", "pagemap/", "pages");
        System.out.printf(Locale.ROOT, "%-7s %-5s %8s %8s %9s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %9s%n",
                "", "", "whole", "tables", "+full", "whole", "tables", "", "bare", "bare", "per scan",
                "ioctl", "ioctl", "scan", "pread", "scanned");
        for (int gib : sizes) {
            for (boolean thp : new boolean[] {false, true}) {
                driver.measure(gib, thp);
            }
        }
        if (scansOnly) {
            return;
        }
        driver.footprint();
        driver.backgroundCpu(4, false, 25, 60, false);
        driver.backgroundCpu(4, true, 25, 60, false);
        driver.startup(20);
    }

    /** Launches the child JVMs and prints what they measured. */
    static final class Driver {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> self;
        final String classPath = System.getProperty("java.class.path");

        Driver() {
            String source = ProcessHandle.current().info().arguments().stream().flatMap(Arrays::stream)
                    .filter(a -> a.endsWith("ScanBenchmark.java")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("run me with the source launcher"));
            self = List.of("-cp", classPath, source);
        }

        void measure(int gib, boolean thp) throws Exception {
            measureIn(gib, thp, "measure");
        }

        void snapshot(int gib, boolean thp) throws Exception {
            measureIn(gib, thp, "measure-snapshot");
        }

        private void measureIn(int gib, boolean thp, String mode, String... more) throws Exception {
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-Xms" + gib + "g", "-Xmx" + gib + "g", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC"));
            if (thp) {
                command.add("-XX:+UseTransparentHugePages");
            }
            command.addAll(self);
            command.addAll(List.of(mode, gib + " GiB"));
            command.addAll(List.of(more));
            for (String line : run(command)) {
                if (line.startsWith(RESULT)) {
                    System.out.println(line.substring(RESULT.length()).replace("PAGES", thp ? "THP  " : "4K   "));
                } else {
                    System.out.println("  (child) " + line);
                }
            }
        }

        /** The agent's heap footprint, in a small child with a serial collector whose heap use is exact after GC. */
        void footprint() throws Exception {
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
                    "-XX:+UseSerialGC"));
            command.addAll(self);
            command.add("footprint");
            run(command).forEach(System.out::println);
        }

        /**
         * The agent's background cost: CPU of an idle app over {@code seconds} at the default 10 s
         * interval, with each agent configuration, minus the same app without the agent. CPU time
         * is the sum over the app's threads of the kernel's nanosecond run time (schedstat),
         * measured after {@code warmUp} seconds; {@code basicOnly}: only {@code method=scan,detail=basic}.
         */
        void backgroundCpu(int gib, boolean thp, int warmUp, int seconds, boolean basicOnly) throws Exception {
            Path agent = Path.of(classPath.split(":")[0]);
            String[] configurations = basicOnly ? new String[] {null, "method=scan,detail=basic"}
                    : thp ? new String[] {null, "method=scan,detail=basic", "method=scan,detail=full"}
                    : new String[] {null, "method=scan,detail=basic", "method=pagemap,detail=basic",
                        "method=scan,detail=full"};
            String heap = gib + " GiB pre-touched heap" + (thp ? " (THP)" : " (4 KiB pages)");
            double without = -1;
            for (String options : configurations) {
                Process app = preTouchedIdleApp(agent, options, gib, thp);
                try {
                    TimeUnit.SECONDS.sleep(warmUp); // pre-touch, start-up, first scans (discovery, JIT)
                    long before = cpuNanos(app.pid());
                    TimeUnit.SECONDS.sleep(seconds);
                    double cpu = (cpuNanos(app.pid()) - before) / 1e9;
                    if (options == null) {
                        without = cpu;
                        System.out.printf(Locale.ROOT, "idle app, %s, no agent: %.3f s CPU in %d s after %d s%n", heap,
                                cpu, seconds, warmUp);
                    } else {
                        System.out.printf(Locale.ROOT, "idle app, %s, agent %s, default interval: %.3f s CPU in %d s"
                                + " after %d s; the agent's share %.3f%% of a core%n", heap, options, cpu, seconds, warmUp,
                                100 * (cpu - without) / seconds);
                    }
                } finally {
                    app.destroy();
                    app.waitFor();
                }
            }
        }

        /**
         * The agent's own thread's CPU at the default interval, default detail (auto: full as
         * root) against detail=basic with the same method, side by side, after a warm-up.
         */
        void defaultCost(int gib, boolean thp, int warmUp, int seconds) throws Exception {
            Path agent = Path.of(classPath.split(":")[0]);
            String heap = gib + " GiB pre-touched heap" + (thp ? " (THP)" : " (4 KiB pages)");
            for (String method : new String[] {"scan", "pagemap"}) {
                double basic = -1;
                for (String options : new String[] {"method=" + method + ",detail=basic", "method=" + method}) {
                    Process app = preTouchedIdleApp(agent, options, gib, thp);
                    try {
                        TimeUnit.SECONDS.sleep(warmUp);
                        long before = agentCpuNanos(app.pid());
                        TimeUnit.SECONDS.sleep(seconds);
                        double share = 100 * (agentCpuNanos(app.pid()) - before) / 1e9 / seconds;
                        System.out.printf(Locale.ROOT, RESULT + "%s, agent %-28s the agent's thread %.3f%% of a core"
                                + " over %d s after %d s%s%n", heap, options, share, seconds, warmUp,
                                basic < 0 ? "" : String.format(Locale.ROOT, " (%.2fx detail=basic)", share / basic));
                        basic = basic < 0 ? share : basic;
                    } finally {
                        app.destroy();
                        app.waitFor();
                    }
                }
            }
        }

        /**
         * The agent's thread's CPU in each of the first {@code minutes} minutes of an idle app on
         * a pre-touched heap of 4 KiB pages, default interval: what the scan costs while it runs
         * interpreted and while it is being compiled, against the steady state of the last minute.
         */
        void firstMinutes(int gib, String options, int minutes) throws Exception {
            Process app = preTouchedIdleApp(Path.of(classPath.split(":")[0]), options, gib, false);
            try {
                long before = 0;
                StringBuilder line = new StringBuilder();
                double last = 0;
                double total = 0;
                for (int minute = 1; minute <= minutes; minute++) {
                    TimeUnit.MINUTES.sleep(1);
                    long now = agentCpuNanos(app.pid());
                    last = (now - before) / 1e9;
                    total += last;
                    line.append(String.format(Locale.ROOT, " %.3f", last));
                    before = now;
                }
                System.out.printf(Locale.ROOT, RESULT + "%d GiB pre-touched heap (4 KiB pages), agent %s: the agent's"
                        + " thread's CPU per minute, s:%s; first %d minutes %.3f s, %.2fx %d times the last minute%n",
                        gib, options, line, minutes, total, total / (minutes * last), minutes);
            } finally {
                app.destroy();
                app.waitFor();
            }
        }

        /** The idle sample app on a pre-touched heap of {@code gib} GiB, with the agent and these options (null: none). */
        private Process preTouchedIdleApp(Path agent, String options, int gib, boolean thp) throws IOException {
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
            if (options != null) {
                command.add("-javaagent:" + agent + "=" + options);
            }
            command.addAll(List.of("-Xms" + gib + "g", "-Xmx" + gib + "g", "-XX:+AlwaysPreTouch"));
            if (thp) {
                command.add("-XX:+UseTransparentHugePages");
            }
            command.addAll(List.of("-jar", "sample-apps/target/jvm-pagemap-samples.jar", "idle"));
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        }

        /** CPU time of the agent's scanner thread (its name as the kernel keeps it), in nanoseconds. */
        private static long agentCpuNanos(long pid) throws IOException {
            long sum = 0;
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        if (Files.readString(task.resolve("comm")).strip().startsWith("jvm-pagemap")) {
                            sum += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            }
            return sum;
        }

        /** Time on CPU of all live threads of a process, in nanoseconds (first field of each schedstat). */
        private static long cpuNanos(long pid) throws IOException {
            long sum = 0;
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        sum += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            }
            return sum;
        }

        /**
         * Wall time from launch to exit of a JVM whose main prints the samples' help: without an
         * agent; with an empty agent, whose premain returns at once (the JVM's own cost of any
         * {@code -javaagent:}, chiefly that it turns off CDS's archived module graph); with ours on
         * the portable path (no native access); and with ours and the FFM fast path.
         */
        void startup(int runs) throws Exception {
            Path samples = Path.of("sample-apps/target/jvm-pagemap-samples.jar");
            Path agent = Path.of(classPath.split(":")[0]);
            Path empty = emptyAgent();
            List<List<String>> commands = List.of(
                    List.of(java, "-jar", samples.toString()),
                    List.of(java, "-javaagent:" + empty, "-jar", samples.toString()),
                    List.of(java, "-javaagent:" + agent, "-jar", samples.toString()),
                    List.of(java, "--enable-native-access=ALL-UNNAMED", "-javaagent:" + agent, "-jar",
                            samples.toString()));
            double[][] ms = new double[commands.size()][runs];
            for (int i = 0; i < runs + 3; i++) {
                for (int c = 0; c < commands.size(); c++) {
                    double t = timeRun(commands.get(c));
                    if (i >= 3) {
                        ms[c][i - 3] = t;
                    }
                }
            }
            double without = median(ms[0]);
            double base = median(ms[1]);
            System.out.printf(Locale.ROOT, "JVM launch to exit of a trivial main, median of %d: no agent %.1f ms;"
                    + " an empty agent %.1f ms (%.2fx no agent); jvm-pagemap %.1f ms (%.2fx the empty agent);"
                    + " jvm-pagemap with native access (FFM fast path) %.1f ms (%.2fx the empty agent)%n", runs,
                    without, base, base / without, median(ms[2]), median(ms[2]) / base, median(ms[3]),
                    median(ms[3]) / base);
            Files.delete(empty);
        }

        /** A jar whose agent does nothing, compiled here so that the comparison needs no other file. */
        private static Path emptyAgent() throws IOException {
            Path dir = Files.createTempDirectory("empty-agent");
            Path source = Files.writeString(dir.resolve("EmptyAgent.java"), "public class EmptyAgent {"
                    + " public static void premain(String a, java.lang.instrument.Instrumentation i) { } }");
            if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
                    source.toString()) != 0) {
                throw new IOException("cannot compile the empty agent");
            }
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().putValue("Premain-Class", "EmptyAgent");
            Path jar = Files.createTempFile("empty-agent", ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar),
                    manifest)) {
                out.putNextEntry(new JarEntry("EmptyAgent.class"));
                out.write(Files.readAllBytes(dir.resolve("EmptyAgent.class")));
                out.closeEntry();
            }
            Files.delete(dir.resolve("EmptyAgent.class"));
            Files.delete(source);
            Files.delete(dir);
            return jar;
        }

        private static double timeRun(List<String> command) throws Exception {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            return (System.nanoTime() - t) / 1e6;
        }

        private static List<String> run(List<String> command) throws Exception {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("child failed: " + String.join("\n", lines));
            }
            return lines;
        }
    }

    /** Inside the child JVM with the pre-touched heap. */
    static final class Measurement {
        final String label;
        final ProcFiles proc = ProcFiles.self();
        final long pageSize = proc.pageSize();
        long[] starts;
        long[] ends;

        Measurement(String label) {
            this.label = label;
        }

        void run() throws Throwable {
            List<String> notes = new ArrayList<>();
            PageTable scan = PageTables.open(ScanMethod.SCAN, Detail.BASIC, proc, notes::add);
            PageTable full = PageTables.open(ScanMethod.SCAN, Detail.FULL, proc, notes::add);
            PageTable pagemap = PageTables.open(ScanMethod.PAGEMAP, Detail.BASIC, proc, notes::add);
            ResidencyScanner byScan = scanner(scan);
            ResidencyScanner byFull = scanner(full);
            ResidencyScanner byPagemap = scanner(pagemap);
            byScan.scan();
            byFull.scan();
            byPagemap.scan();
            ranges(byScan.layout());
            long pages = 0;
            for (int i = 0; i < starts.length; i++) {
                pages += (ends[i] - starts[i]) / pageSize;
            }
            try (BareIoctl ioctl = new BareIoctl(); FileChannel pagemapFile = FileChannel.open(proc.pagemap(),
                    StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024 * 8).order(ByteOrder.LITTLE_ENDIAN);
                byte[] smapsText = new byte[4 << 20];
                double tScan = time(() -> byScan.scan());
                // The page-table part alone, over the same committed pieces: what the bare loops do.
                PageCounts counts = new PageCounts(pageSize);
                long[] noViews = new long[0];
                double tScanTables = time(() -> countAll(scan, counts, noViews));
                double tPagemapTables = time(() -> countAll(pagemap, counts, noViews));
                double tFull = time(() -> byFull.scan());
                double tPagemap = time(() -> byPagemap.scan());
                double tSmaps = time(() -> smaps(smapsText));
                double tIoctl = time(() -> ioctl.walk(starts, ends));
                double tPread = time(() -> pread(pagemapFile, buffer));
                long allocated = allocatedBy(() -> byScan.scan());
                long allocatedPagemap = allocatedBy(() -> byPagemap.scan());
                System.out.printf(Locale.ROOT, RESULT + "%-7s %-5s %8.3f %8.3f %9.2f %8.2f %8.2f %8.2f %8.3f %8.2f"
                        + " %8d %7.2fx %7.2fx %7.1fx %7.2fx %9d%n", label, "PAGES", tScan, tScanTables, tFull,
                        tPagemap, tPagemapTables, tSmaps, tIoctl, tPread, allocated, tScan / tIoctl,
                        tScanTables / tIoctl, tSmaps / tScan, tPagemapTables / tPread, pages);
                System.out.printf(Locale.ROOT, "bytes allocated per scan: method=scan %d, method=pagemap %d%n",
                        allocated, allocatedPagemap);
            }
            scan.close();
            full.close();
            pagemap.close();
        }

        /** The whole scan with detail=auto and with an explicit detail=full, by each method. */
        void folios() throws Throwable {
            List<String> notes = new ArrayList<>();
            double[] ms = new double[4];
            int i = 0;
            long pages = 0;
            for (ScanMethod method : new ScanMethod[] {ScanMethod.SCAN, ScanMethod.PAGEMAP}) {
                for (Detail detail : new Detail[] {Detail.AUTO, Detail.FULL}) {
                    try (PageTable table = PageTables.open(method, detail, proc, notes::add)) {
                        ResidencyScanner scanner = scanner(table);
                        Residency first = scanner.scan();
                        pages = first.pagesExamined();
                        ms[i++] = time(() -> scanner.scan());
                    }
                }
            }
            System.out.printf(Locale.ROOT, RESULT + "%-7s %-5s %9.2f %9.2f %6.2fx %9.2f %9.2f %6.2fx %9d%n", label,
                    "PAGES", ms[0], ms[1], ms[1] / ms[0], ms[2], ms[3], ms[3] / ms[2], pages);
        }

        /**
         * The agent's whole scan as it makes it (the JVM's regions and the process categories), as
         * root, with {@code detail=auto} against {@code detail=basic} with the same method: pairs
         * of scans taken alternately in this JVM, so that both see the same memory and load.
         *
         * @param churn allocate meanwhile, as the {@code churn} sample does: 128 MiB/s, about 40
         *     MiB live, so that G1's region types change between scans
         */
        void defaultScans(boolean churn) throws Throwable {
            Thread allocator = null;
            if (churn) {
                allocator = Thread.ofPlatform().daemon().name("churn").start(ScanBenchmark::churn);
            }
            for (ScanMethod method : new ScanMethod[] {ScanMethod.SCAN, ScanMethod.PAGEMAP}) {
                try (PageTable basic = PageTables.open(method, Detail.BASIC, proc, note -> { });
                        PageTable auto = PageTables.open(method, Detail.AUTO, proc, note -> { });
                        PageTable all = PageTables.open(method, Detail.AUTO, proc, note -> { })) {
                    ResidencyScanner byBasic = processScanner(basic, null);
                    // Auto reading every page's sharing that can change, at any cost.
                    ResidencyScanner byAll = processScanner(all, null);
                    double[] basicMs = new double[DEFAULT_ROUNDS];
                    double[] autoMs = new double[DEFAULT_ROUNDS];
                    double[] allMs = new double[DEFAULT_ROUNDS];
                    // Warm-up: compiled, as in an agent that has run for minutes.
                    long warmUntil = System.nanoTime() + DEFAULT_WARMUP_NANOS;
                    for (int round = 0; round < DEFAULT_WARMUP || System.nanoTime() - warmUntil < 0; round++) {
                        byBasic.scan();
                        byAll.scan();
                    }
                    // As the agent runs it: weighs the reads for the mapped files' sharing on its own
                    // scans, which run compiled by its 6th (in an agent, a minute in), and may leave them unread.
                    List<String> said = new ArrayList<>();
                    ResidencyScanner byAuto = processScanner(auto, said::add);
                    for (int round = 0; round < DEFAULT_WARMUP; round++) {
                        byAuto.scan();
                    }
                    long shared = 0;
                    for (int round = 0; round < DEFAULT_ROUNDS; round++) {
                        long t = System.nanoTime();
                        byBasic.scan();
                        long t1 = System.nanoTime();
                        byAuto.scan();
                        long t2 = System.nanoTime();
                        Residency r = byAll.scan();
                        long t3 = System.nanoTime();
                        basicMs[round] = (t1 - t) / 1e6;
                        autoMs[round] = (t2 - t1) / 1e6;
                        allMs[round] = (t3 - t2) / 1e6;
                        shared = 0;
                        for (RegionResidency row : r.regions()) {
                            if (!row.isSubRegion()) {
                                shared += row.get(Figure.SHARED) / pageSize;
                            }
                        }
                    }
                    // The kernel's own reads for sharing in the scans that read it all, timed apart (timing costs).
                    double[] readsMs = new double[DEFAULT_ROUNDS];
                    all.sharingCost().timing(true);
                    for (int round = 0; round < DEFAULT_ROUNDS; round++) {
                        long before = all.sharingCost().readNanos();
                        byAll.scan();
                        readsMs[round] = (all.sharingCost().readNanos() - before) / 1e6;
                    }
                    all.sharingCost().timing(false);
                    double b = median(basicMs);
                    System.out.printf(Locale.ROOT, RESULT + "%-7s %-5s %-6s %-8s %9.2f %9.2f %6.2fx %9.2f %6.2fx %9.2f %6.2fx"
                            + " %-10s %7d%n", label, "PAGES", churn ? "churn" : "idle", all.method(), b, median(autoMs),
                            median(autoMs) / b, median(allMs), median(allMs) / b, median(readsMs), median(readsMs) / b,
                            said.isEmpty() ? "read" : "unread", shared);
                    for (String line : said) {
                        System.out.println(RESULT + "    " + line);
                    }
                }
            }
        }

        /** A scanner of the whole process; with {@code notes}, as the agent runs it (see ResidencyScanner). */
        private ResidencyScanner processScanner(PageTable table, Consumer<String> notes) {
            return new ResidencyScanner(proc, table, ProcessCategories.of(new MBeanDiagnosticCommands(), proc, pageSize),
                    pageSize, notes);
        }

        /**
         * A full page-map snapshot of the regions with each method, timed against that method's
         * whole scan of the same ranges (the snapshot reads the same entries and writes one
         * event per run).
         */
        void snapshot() throws Throwable {
            for (ScanMethod method : new ScanMethod[] {ScanMethod.SCAN, ScanMethod.PAGEMAP}) {
                PageTable table = PageTables.open(method, Detail.BASIC, proc, note -> { });
                try {
                    snapshot(table);
                } finally {
                    table.close();
                }
            }
        }

        private void snapshot(PageTable table) throws Throwable {
            ResidencyScanner scanner = scanner(table);
            scanner.scan();
            Path dir = Files.createTempDirectory("jvm-pagemap-bench");
            try {
                double tScan = time(() -> scanner.scan());
                long runs = 0;
                long bytes = 0;
                double[] ms = new double[SNAPSHOT_RUNS + 1];
                for (int i = 0; i < ms.length; i++) {
                    Path file = dir.resolve("snapshot-" + i + ".jfr");
                    long t = System.nanoTime();
                    PageMapSnapshot.write(file, scanner);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                    bytes = Files.size(file);
                    runs = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream()
                            .filter(e -> e.getEventType().getName().equals(PageMapSnapshot.EVENT_NAME)).count();
                    Files.delete(file);
                }
                double snapshot = median(Arrays.copyOfRange(ms, 1, ms.length));
                System.out.printf(Locale.ROOT, RESULT + "%-7s %-5s method=%-7s snapshot %8.1f ms, scan %7.2f ms"
                        + " (%5.1fx), %7d runs, %9d bytes (%.1f bytes per run)%n", label, "PAGES", table.method(),
                        snapshot, tScan, snapshot / tScan, runs, bytes, (double) bytes / runs);
            } finally {
                Files.deleteIfExists(dir);
            }
        }

        private Object countAll(PageTable table, PageCounts counts, long[] noViews) {
            counts.clear();
            for (int i = 0; i < starts.length; i++) {
                table.walk(starts[i], ends[i], noViews, counts);
            }
            return counts.present();
        }

        private ResidencyScanner scanner(PageTable table) {
            return new ResidencyScanner(proc, table, JvmLayout.of(new MBeanDiagnosticCommands(), pageSize), pageSize);
        }

        /** The committed pieces of every region (its ranges within accessible mappings), as the agent walks them. */
        private void ranges(RegionLayout layout) throws IOException {
            MemoryMaps maps = new MemoryMaps();
            maps.read(proc.maps());
            List<long[]> pieces = new ArrayList<>();
            for (Region region : layout.regions()) {
                for (AddressRange range : region.ranges()) {
                    for (int i = 0; i < maps.count(); i++) {
                        long start = Math.max(range.start(), maps.start(i));
                        long end = Math.min(range.end(), maps.end(i));
                        if (maps.accessible(i) && start < end) {
                            pieces.add(new long[] {start, end});
                        }
                    }
                }
            }
            starts = pieces.stream().mapToLong(p -> p[0]).toArray();
            ends = pieces.stream().mapToLong(p -> p[1]).toArray();
        }

        /**
         * The cost of sub-regions: an anonymous mapping of {@code gib} GiB of 4 KiB pages, written
         * page by page, scanned as a one-row heap and as a heap of {@code ranges} ranges dealt to
         * five sub-regions, with each method; then again with every other page dropped
         * ({@code MADV_DONTNEED}), which makes a run of every page.
         */
        void subRegions(int gib, int ranges) throws Throwable {
            long size = (long) gib << 30;
            long rangeSize = size / ranges;
            Linker linker = Linker.nativeLinker();
            MethodHandle mmap = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MethodHandle madvise = linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT));
            final int protReadWrite = 3;
            final int mapPrivateAnonymousNoReserve = 0x02 | 0x20 | 0x4000;
            final int madvDontNeed = 4;
            final int madvNoHugePage = 15;
            long mapped = (long) mmap.invokeExact(0L, size + rangeSize, protReadWrite, mapPrivateAnonymousNoReserve, -1,
                    0L);
            if (mapped == -1) {
                throw new IOException("mmap of " + gib + " GiB failed");
            }
            long base = (mapped + rangeSize - 1) / rangeSize * rangeSize; // aligned like a heap region
            int advised = (int) madvise.invokeExact(mapped, size + rangeSize, madvNoHugePage);
            MemorySegment memory = MemorySegment.ofAddress(base).reinterpret(size);
            for (long at = 0; at < size; at += pageSize) {
                memory.set(ValueLayout.JAVA_BYTE, at, (byte) 1);
            }
            List<List<AddressRange>> dealt = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < ranges; i++) {
                dealt.get(i % dealt.size()).add(new AddressRange(base + i * rangeSize, base + (i + 1) * rangeSize));
            }
            List<AddressRange> whole = List.of(new AddressRange(base, base + size));
            RegionLayout plain = new RegionLayout(List.of(new Region(RowNames.JAVA_HEAP, whole)), Collector.G1, List.of(),
                    0);
            List<Region> subs = new ArrayList<>();
            for (int t = 0; t < dealt.size(); t++) {
                subs.add(new Region("type " + t, dealt.get(t)));
            }
            RegionLayout split = new RegionLayout(List.of(new Region(RowNames.JAVA_HEAP, whole, subs, new long[0])),
                    Collector.G1, List.of(), 0);
            starts = new long[] {base};
            ends = new long[] {base + size};
            System.out.printf(Locale.ROOT, "%d GiB anonymous mapping of 4 KiB pages (THP %s), one row vs %d ranges in"
                    + " %d sub-regions; medians in ms%n", gib, advised == 0 ? "off for it" : "not advised",
                    ranges, subs.size());
            System.out.printf(Locale.ROOT, "%-12s %-8s %9s %9s %8s %9s %9s %8s %9s%n", "pages", "method", "one row",
                    "split", "split/", "bare", "one row/", "split/", "runs");
            System.out.printf(Locale.ROOT, "%-12s %-8s %9s %9s %8s %9s %9s %8s %9s%n", "", "", "", "", "one row",
                    "", "bare", "bare", "");
            try (BareIoctl ioctl = new BareIoctl(); FileChannel pagemapFile = FileChannel.open(proc.pagemap(),
                    StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024 * 8).order(ByteOrder.LITTLE_ENDIAN);
                for (String state : new String[] {"pre-touched", "fragmented"}) {
                    if (state.equals("fragmented")) {
                        for (long at = 0; at < size; at += 2 * pageSize) {
                            int dropped = (int) madvise.invokeExact(base + at, pageSize, madvDontNeed);
                            if (dropped != 0) {
                                throw new IOException("madvise(MADV_DONTNEED) failed");
                            }
                        }
                    }
                    long runs = (long) ioctl.walk(starts, ends);
                    for (ScanMethod method : new ScanMethod[] {ScanMethod.SCAN, ScanMethod.PAGEMAP}) {
                        try (PageTable table = PageTables.open(method, Detail.BASIC, proc, note -> { })) {
                            ResidencyScanner onePlain = new ResidencyScanner(proc, table, maps -> plain, pageSize);
                            ResidencyScanner oneSplit = new ResidencyScanner(proc, table, maps -> split, pageSize);
                            double tPlain = time(() -> onePlain.scan());
                            double tSplit = time(() -> oneSplit.scan());
                            double bare = method == ScanMethod.SCAN ? time(() -> ioctl.walk(starts, ends))
                                    : time(() -> pread(pagemapFile, buffer));
                            System.out.printf(Locale.ROOT, "%-12s %-8s %9.2f %9.2f %7.2fx %9.2f %8.2fx %7.2fx %9d%n",
                                    state, table.method(), tPlain, tSplit, tSplit / tPlain, bare, tPlain / bare,
                                    tSplit / bare, runs);
                        }
                    }
                }
            }
        }

        /**
         * A snapshot of {@code gib} GiB of 4 KiB pages with every other page dropped, one run per
         * page, against the scan of the same mapping: time, heap allocation, collections, file size.
         */
        void snapshotOfRuns(int gib) throws Throwable {
            long size = (long) gib << 30;
            Linker linker = Linker.nativeLinker();
            MethodHandle mmap = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            MethodHandle madvise = linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT));
            final int madvDontNeed = 4;
            final int madvNoHugePage = 15;
            long base = (long) mmap.invokeExact(0L, size, 3, 0x02 | 0x20 | 0x4000, -1, 0L);
            if (base == -1) {
                throw new IOException("mmap of " + gib + " GiB failed");
            }
            int advised = (int) madvise.invokeExact(base, size, madvNoHugePage);
            MemorySegment memory = MemorySegment.ofAddress(base).reinterpret(size);
            for (long at = 0; at < size; at += 2 * pageSize) {
                memory.set(ValueLayout.JAVA_BYTE, at, (byte) 1);
            }
            RegionLayout layout = new RegionLayout(List.of(new Region(RowNames.JAVA_HEAP,
                    List.of(new AddressRange(base, base + size)))), Collector.G1, List.of(), 0);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            System.out.printf(Locale.ROOT, "%d GiB anonymous mapping, every other 4 KiB page touched (THP %s), one"
                    + " snapshot after one warm-up, against the scan of the same mapping%n", gib,
                    advised == 0 ? "off for it" : "not advised");
            Path dir = Files.createTempDirectory("jvm-pagemap-bench");
            try {
                for (ScanMethod method : new ScanMethod[] {ScanMethod.SCAN, ScanMethod.PAGEMAP}) {
                    try (PageTable table = PageTables.open(method, Detail.BASIC, proc, note -> { })) {
                        ResidencyScanner scanner = new ResidencyScanner(proc, table, maps -> layout, pageSize);
                        double tScan = time(() -> scanner.scan());
                        long scanBytes = allocatedBy(() -> scanner.scan());
                        long scanGcs = collections();
                        scanner.scan();
                        scanGcs = collections() - scanGcs;
                        PageMapSnapshot.write(dir.resolve("warm-up.jfr"), scanner);
                        Files.delete(dir.resolve("warm-up.jfr"));
                        Path file = dir.resolve("snapshot.jfr");
                        long gcs = collections();
                        long bytes = threads.getCurrentThreadAllocatedBytes();
                        long t = System.nanoTime();
                        PageMapSnapshot.write(file, scanner);
                        double tSnapshot = (System.nanoTime() - t) / 1e6;
                        bytes = threads.getCurrentThreadAllocatedBytes() - bytes;
                        gcs = collections() - gcs;
                        long runs = 0;
                        try (jdk.jfr.consumer.RecordingFile recording = new jdk.jfr.consumer.RecordingFile(file)) {
                            while (recording.hasMoreEvents()) {
                                if (recording.readEvent().getEventType().getName().equals(PageMapSnapshot.EVENT_NAME)) {
                                    runs++;
                                }
                            }
                        }
                        System.out.printf(Locale.ROOT, RESULT + "method=%-7s %8d runs: snapshot %8.1f ms, %8d bytes"
                                + " allocated, %d GCs, file %6.1f MiB (%.1f bytes per run); scan %7.1f ms, %8d bytes"
                                + " allocated, %d GCs; snapshot/scan %.1fx%n", table.method(), runs, tSnapshot, bytes,
                                gcs, Files.size(file) / 1048576.0, (double) Files.size(file) / runs, tScan, scanBytes,
                                scanGcs, tSnapshot / tScan);
                        Files.delete(file);
                    }
                }
            } finally {
                Files.deleteIfExists(dir);
            }
        }

        private static long collections() {
            long count = 0;
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
            }
            return count;
        }

        /** The batched pread loop over the same ranges, no work per entry. */
        private long pread(FileChannel file, ByteBuffer buffer) throws IOException {
            for (int i = 0; i < starts.length; i++) {
                long page = starts[i] / pageSize;
                long end = ends[i] / pageSize;
                while (page < end) {
                    int batch = (int) Math.min(64 * 1024, end - page);
                    buffer.clear().limit(batch * 8);
                    while (buffer.hasRemaining()) {
                        if (file.read(buffer, page * 8 + buffer.position()) <= 0) {
                            throw new IOException("short read");
                        }
                    }
                    page += batch;
                }
            }
            return buffer.getLong(0);
        }

        /** Reads /proc/self/smaps and sums Rss, Swap and AnonHugePages of the mappings in the ranges. */
        private long smaps(byte[] text) throws IOException {
            int length = 0;
            try (FileChannel ch = FileChannel.open(proc.smaps(), StandardOpenOption.READ)) {
                for (int n; (n = ch.read(ByteBuffer.wrap(text, length, text.length - length))) > 0; ) {
                    length += n;
                }
            }
            long total = 0;
            boolean inside = false;
            int pos = 0;
            while (pos < length) {
                int end = pos;
                while (end < length && text[end] != '\n') {
                    end++;
                }
                char c = (char) text[pos];
                if (Character.digit(c, 16) >= 0 && Character.isLowerCase(c) || Character.isDigit(c)) {
                    long start = 0;
                    for (int p = pos; text[p] != '-'; p++) {
                        start = start << 4 | Character.digit(text[p], 16);
                    }
                    inside = Arrays.binarySearch(starts, start) >= 0 || covered(start);
                } else if (inside && (startsWith(text, pos, "Rss:") || startsWith(text, pos, "Swap:")
                        || startsWith(text, pos, "AnonHugePages:"))) {
                    long kib = 0;
                    for (int p = pos; p < end; p++) {
                        if (text[p] >= '0' && text[p] <= '9') {
                            kib = kib * 10 + text[p] - '0';
                        }
                    }
                    total += kib;
                }
                pos = end + 1;
            }
            return total;
        }

        private boolean covered(long address) {
            for (int i = 0; i < starts.length; i++) {
                if (starts[i] <= address && address < ends[i]) {
                    return true;
                }
            }
            return false;
        }

        private static boolean startsWith(byte[] text, int pos, String prefix) {
            for (int i = 0; i < prefix.length(); i++) {
                if (pos + i >= text.length || text[pos + i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        interface Body {
            Object run() throws Throwable;
        }

        private static double time(Body body) throws Throwable {
            long warmUntil = System.nanoTime() + WARMUP_NANOS;
            for (int i = 0; i < WARMUP || System.nanoTime() - warmUntil < 0; i++) {
                body.run();
            }
            double[] ms = new double[MAX_RUNS];
            long measureUntil = System.nanoTime() + RUNS_NANOS;
            int runs = 0;
            while (runs < MAX_RUNS && (runs < RUNS || System.nanoTime() - measureUntil < 0)) {
                long t = System.nanoTime();
                body.run();
                ms[runs++] = (System.nanoTime() - t) / 1e6;
            }
            return median(Arrays.copyOf(ms, runs));
        }

        private static long allocatedBy(Body body) throws Throwable {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().threadId();
            body.run();
            long before = threads.getThreadAllocatedBytes(id);
            body.run();
            return threads.getThreadAllocatedBytes(id) - before;
        }

        /** PAGEMAP_SCAN over the ranges, continuing from walk_end, with no work per result. */
        final class BareIoctl implements AutoCloseable {
            final Arena arena = Arena.ofConfined();
            final MemorySegment arg = arena.allocate(96, 8);
            final MemorySegment vec = arena.allocate(2048 * 24, 8);
            final MethodHandle ioctl;
            final int fd;

            BareIoctl() throws Throwable {
                Linker linker = Linker.nativeLinker();
                MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
                ioctl = linker.downcallHandle(linker.defaultLookup().find("ioctl").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                                ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
                fd = (int) open.invokeExact(arena.allocateFrom("/proc/self/pagemap"), 0, 0);
            }

            Object walk(long[] starts, long[] ends) throws Throwable {
                long regions = 0;
                for (int i = 0; i < starts.length; i++) {
                    long at = starts[i];
                    while (at < ends[i]) {
                        long[] fields = {96, 0, at, ends[i], 0, vec.address(), 2048, 0, 0, 0, (1 << 3) | (1 << 4),
                            (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6)};
                        for (int f = 0; f < fields.length; f++) {
                            arg.setAtIndex(ValueLayout.JAVA_LONG, f, fields[f]);
                        }
                        int n = (int) ioctl.invokeExact(fd, 0xC0606610L, arg);
                        if (n < 0) {
                            throw new IOException("PAGEMAP_SCAN failed");
                        }
                        regions += n;
                        at = arg.getAtIndex(ValueLayout.JAVA_LONG, 4);
                    }
                }
                return regions;
            }

            @Override
            public void close() {
                arena.close();
            }
        }
    }

    /** Heap retained by one scanner (page table, layout, reusable buffers) after its first scan. */
    static final class Footprint {
        static void run() throws Exception {
            ProcFiles proc = ProcFiles.self();
            long pageSize = proc.pageSize();
            // The first round is a warm-up: it loads classes and the platform MBean server, which
            // any JMX user pays for anyway.
            for (String[] option : new String[][] {{"warm-up", "scan", "basic"}, {"", "scan", "basic"},
                {"", "pagemap", "basic"}, {"", "scan", "full"}, {"", "pagemap", "full"}}) {
                long before = settledHeap();
                PageTable table = PageTables.open(ScanMethod.valueOf(option[1].toUpperCase(Locale.ROOT)),
                        Detail.valueOf(option[2].toUpperCase(Locale.ROOT)), proc, note -> { });
                ResidencyScanner scanner = new ResidencyScanner(proc, table, JvmLayout.of(new MBeanDiagnosticCommands(), pageSize),
                        pageSize);
                Object latest = scanner.scan();
                long after = settledHeap();
                if (option[0].isEmpty() && latest != null) {
                    System.out.printf(Locale.ROOT, "agent heap footprint, method=%s detail=%s: %d KiB retained by the"
                            + " scanner and its latest result%n", option[1], option[2], (after - before) / 1024);
                }
                table.close();
            }
        }

        private static long settledHeap() {
            for (int i = 0; i < 4; i++) {
                System.gc();
            }
            Runtime r = Runtime.getRuntime();
            return r.totalMemory() - r.freeMemory();
        }
    }

    /**
     * Allocates as the {@code churn} sample does, until the JVM exits: 128 MiB/s of arrays of up to
     * 8 KiB, 4,096 kept in turn (most die young), and one of 1,024 larger ones replaced every 128th
     * step, which live long enough to be promoted.
     */
    static void churn() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        Object[] young = new Object[4096];
        Object[] old = new Object[1024];
        long allocated = 0;
        long start = System.nanoTime();
        try {
            for (long step = 0; ; step++) {
                int bytes = random.nextInt(8 << 10);
                young[(int) (step % young.length)] = new byte[bytes];
                allocated += bytes;
                if (step % 128 == 0) {
                    int big = random.nextInt(48 << 10);
                    old[random.nextInt(old.length)] = new byte[big];
                    allocated += big;
                }
                long ahead = (long) (allocated * 1e9 / (128L << 20)) - (System.nanoTime() - start);
                if (ahead > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(ahead);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
