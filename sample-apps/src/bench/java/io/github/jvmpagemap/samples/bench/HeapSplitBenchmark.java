package io.github.jvmpagemap.samples.bench;

import io.github.jvmpagemap.jvm.DiagnosticCommands;
import io.github.jvmpagemap.jvm.G1HeapRegions;
import io.github.jvmpagemap.jvm.HeapInfo;
import io.github.jvmpagemap.jvm.JvmLayout;
import io.github.jvmpagemap.jvm.MBeanDiagnosticCommands;
import io.github.jvmpagemap.jvm.PoolUsage;
import io.github.jvmpagemap.jvm.RegionDiscovery;
import io.github.jvmpagemap.jvm.ZgcHeapViews;
import io.github.jvmpagemap.jvm.ZgcPageTable;
import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.rows.RowNames;
import io.github.jvmpagemap.scan.Detail;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.PageTables;
import io.github.jvmpagemap.scan.ScanMethod;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.consumer.RecordingStream;

/**
 * What the heap split costs, G1's and ZGC's. A plain program for the source launcher, JDK 17 and later, after
 * {@code mvn package}, from the repository root:
 *
 * <pre>
 * java -cp agent/target/jvm-pagemap-agent.jar \
 *     sample-apps/src/bench/java/io/github/jvmpagemap/samples/bench/HeapSplitBenchmark.java [scans|reread]
 * </pre>
 *
 * {@code scans}: in a child JVM with an 8 GiB pre-touched G1 heap (4 KiB pages, then THP), the
 * agent's whole scan with the split and without it, alternately, same run: idle, then while a
 * thread allocates 128 MiB/s keeping 40 MiB live; with the re-reads of the region table the split
 * made per scan. {@code reread}: in child JVMs of 512 MiB, 8 GiB and 32 GiB heaps (20 GiB of the
 * last committed, all a 24 GiB machine allows), one
 * re-read of the table ({@code VM.info} through the DiagnosticCommand MBean, then the parse), and
 * for comparison the JFR event {@code jdk.G1HeapRegionInformation} (its safepoint, from
 * {@code -Xlog:safepoint}).
 *
 * <p>{@code zgc}: the same for ZGC's page table, on the JDK that runs this: the whole scan with and
 * without the split on an 8 GiB pre-touched ZGC heap (4 KiB pages), idle and allocating; one
 * re-read ({@code VM.info}, then the parse) at 512 MiB and 8 GiB heaps, each 40% filled with live
 * 16 KiB arrays so that the table lists many pages. ({@code zgc-scans}, {@code zgc-reread}: one part.)
 */
public final class HeapSplitBenchmark {
    static final String RESULT = "result ";
    static final int ROUNDS = 31;

    private HeapSplitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        switch (mode) {
            case "child-scans" -> childScans(args[1]);
            case "child-reread" -> childReread(args[1]);
            case "child-jfr" -> childJfr();
            case "zgc", "zgc-scans", "zgc-reread" -> {
                if (!mode.equals("zgc-reread")) {
                    child(List.of("-XX:+UseZGC", "-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch"), "child-scans", "4K");
                }
                if (!mode.equals("zgc-scans")) {
                    for (String heap : new String[] {"512m", "8g"}) {
                        child(List.of("-XX:+UseZGC", "-Xms" + heap, "-Xmx" + heap), "child-zgc-reread", heap);
                    }
                }
            }
            case "child-zgc-reread" -> childZgcReread(args[1]);
            default -> {
                if (!mode.equals("reread")) {
                    for (String pages : new String[] {"4K", "THP"}) {
                        List<String> flags = new ArrayList<>(List.of("-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch"));
                        if (pages.equals("THP")) {
                            flags.add("-XX:+UseTransparentHugePages");
                        }
                        child(flags, "child-scans", pages);
                    }
                }
                if (!mode.equals("scans")) {
                    // A 32 GiB heap cannot be committed whole on a 24 GiB machine: 20 GiB of it are.
                    String[][] heaps = {{"512m", "512m"}, {"8g", "8g"}, {"20g", "32g"}};
                    for (String[] heap : heaps) {
                        String label = heap[0].equals(heap[1]) ? heap[1] : heap[1] + " (" + heap[0] + " committed)";
                        child(List.of("-Xms" + heap[0], "-Xmx" + heap[1]), "child-reread", label);
                        child(List.of("-Xms" + heap[0], "-Xmx" + heap[1], "-Xlog:safepoint=info:stdout"), "child-jfr",
                                label);
                    }
                }
            }
        }
    }

    /** Runs this program in a child JVM with {@code flags} (G1 unless they name a collector); prints its results. */
    static void child(List<String> flags, String mode, String label) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String source = ProcessHandle.current().info().arguments().stream().flatMap(Arrays::stream)
                .filter(a -> a.endsWith("HeapSplitBenchmark.java")).findFirst().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java));
        if (flags.stream().noneMatch(f -> f.startsWith("-XX:+Use") && f.endsWith("GC"))) {
            command.add("-XX:+UseG1GC");
        }
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), source, mode, label));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Double> safepoints = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(RESULT)) {
                    System.out.println(line.substring(RESULT.length()));
                } else if (line.contains("Safepoint \"HeapIterateOperation\"") && line.contains("Total: ")) {
                    // [info][safepoint] Safepoint "HeapIterateOperation", ... Total: 123456 ns, ...
                    String total = line.substring(line.indexOf("Total: ") + 7).trim().split(" ")[0];
                    safepoints.add(Long.parseLong(total) / 1e6);
                } else if (!line.contains("[safepoint]")) {
                    other.add(line);
                }
            }
        }
        if (p.waitFor() != 0) {
            System.out.println(label + ": the child failed: " + String.join("\n  ", other));
            return;
        }
        if (mode.equals("child-jfr")) {
            double[] s = safepoints.stream().mapToDouble(Double::doubleValue).skip(3).toArray();
            System.out.printf(Locale.ROOT, "%-22s heap, JFR jdk.G1HeapRegionInformation: safepoint median %.2f ms,"
                    + " max %.2f ms (%d emissions after 3 warm-up)%n", label, median(s), max(s), s.length);
        }
    }

    /** Idle, then allocating: the whole scan with and without the split, alternately. */
    static void childScans(String pages) throws Exception {
        ProcFiles proc = ProcFiles.self();
        long pageSize = proc.pageSize();
        ScanMethod method = Runtime.version().feature() >= 22 ? ScanMethod.SCAN : ScanMethod.PAGEMAP;
        DiagnosticCommands commands = new MBeanDiagnosticCommands();
        try (PageTable plainTable = PageTables.open(method, Detail.BASIC, proc, note -> { });
                PageTable splitTable = PageTables.open(method, Detail.BASIC, proc, note -> { })) {
            RegionDiscovery discovery = new RegionDiscovery(commands, pageSize);
            ResidencyScanner plain = new ResidencyScanner(proc, plainTable,
                    maps -> discovery.refresh(maps, PoolUsage.current()), pageSize);
            ResidencyScanner split = new ResidencyScanner(proc, splitTable, JvmLayout.of(commands, pageSize), pageSize);
            for (String state : new String[] {"idle", "allocating"}) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread churn = new Thread(() -> churn(stop), "churn");
                if (state.equals("allocating")) {
                    churn.start();
                }
                double[] tPlain = new double[ROUNDS];
                double[] tSplit = new double[ROUNDS];
                int readsBefore = 0;
                for (int i = -10; i < ROUNDS; i++) {
                    if (i == 0) {
                        readsBefore = split.scan().discoveries();
                    }
                    long t0 = System.nanoTime();
                    plain.scan();
                    long t1 = System.nanoTime();
                    Residency r = split.scan();
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        tPlain[i] = (t1 - t0) / 1e6;
                        tSplit[i] = (t2 - t1) / 1e6;
                    }
                    if (i == ROUNDS - 1) {
                        int reads = r.discoveries() - readsBefore;
                        long subRows = r.regions().stream().filter(row -> row.subRegion() != null
                                && row.region().equals(RowNames.JAVA_HEAP)).count();
                        System.out.printf(Locale.ROOT, "%s8 GiB %s JDK %d %-3s %-10s %-7s unsplit %7.2f ms  split %7.2f"
                                + " ms  split/unsplit %5.2fx  table re-reads %d in %d scans  (%d heap rows)%n", RESULT,
                                r.collector(), Runtime.version().feature(), pages, state,
                                method.name().toLowerCase(Locale.ROOT), median(tPlain), median(tSplit),
                                median(tSplit) / median(tPlain), reads, ROUNDS + 1, subRows);
                    }
                    Thread.sleep(state.equals("allocating") ? 100 : 10);
                }
                stop.set(true);
                if (state.equals("allocating")) {
                    churn.join();
                }
            }
        }
    }

    /** Allocates about 128 MiB/s of small arrays, 40 MiB of them live, some long enough to be promoted. */
    static void churn(AtomicBoolean stop) {
        SplittableRandom random = new SplittableRandom(7);
        byte[][] live = new byte[5120][];
        long started = System.nanoTime();
        long allocated = 0;
        while (!stop.get()) {
            live[random.nextInt(live.length)] = new byte[random.nextInt(16 << 10)];
            allocated += 8 << 10;
            long due = started + (long) (allocated / (128.0 * (1 << 20)) * 1e9);
            if (due - System.nanoTime() > 1_000_000) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One re-read of the region table: VM.info through the MBean, then the parse. */
    static void childReread(String heapLabel) throws Exception {
        DiagnosticCommands commands = new MBeanDiagnosticCommands();
        Region heap = new Region(RowNames.JAVA_HEAP, HeapInfo.parse(commands.run("GC.heap_info")).reserved());
        double[] command = new double[ROUNDS];
        double[] parse = new double[ROUNDS];
        int regions = 0;
        int chars = 0;
        for (int i = -10; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            String vmInfo = commands.run("VM.info");
            long t1 = System.nanoTime();
            List<Region> types = G1HeapRegions.parse(vmInfo, heap);
            long t2 = System.nanoTime();
            if (i >= 0) {
                command[i] = (t1 - t0) / 1e6;
                parse[i] = (t2 - t1) / 1e6;
            }
            chars = vmInfo.length();
            regions = (int) (types.stream().mapToLong(Region::reservedBytes).sum() / regionSize());
            Thread.sleep(20);
        }
        System.out.printf(Locale.ROOT, "%s%-22s heap, %5d regions, JDK %d: VM.info %.2f ms median (max %.2f), parse"
                + " %.2f ms, output %d chars%n", RESULT, heapLabel, regions, Runtime.version().feature(),
                median(command), max(command), median(parse), chars);
    }

    /**
     * One re-read of ZGC's page table: VM.info through the MBean, then the parse against the
     * maps, with 40% of the heap live in 16 KiB arrays.
     */
    static void childZgcReread(String heapLabel) throws Exception {
        long live = Runtime.getRuntime().maxMemory() * 2 / 5;
        List<byte[]> arrays = new ArrayList<>();
        for (long held = 0; held < live; held += 16 << 10) {
            arrays.add(new byte[16 << 10]);
        }
        DiagnosticCommands commands = new MBeanDiagnosticCommands();
        MemoryMaps maps = new MemoryMaps();
        maps.read(Path.of("/proc/self/maps"));
        Region heap = ZgcHeapViews.find(maps).orElseThrow();
        List<AddressRange> mapped = ZgcHeapViews.mapped(maps, heap);
        double[] command = new double[ROUNDS];
        double[] parse = new double[ROUNDS];
        String vmInfo = "";
        for (int i = -10; i < ROUNDS; i++) {
            long t0 = System.nanoTime();
            vmInfo = commands.run("VM.info");
            long t1 = System.nanoTime();
            ZgcPageTable.parse(vmInfo, heap, mapped);
            long t2 = System.nanoTime();
            if (i >= 0) {
                command[i] = (t1 - t0) / 1e6;
                parse[i] = (t2 - t1) / 1e6;
            }
            Thread.sleep(20);
        }
        String table = vmInfo.substring(vmInfo.indexOf("ZGC Page Table:"));
        long pages = table.lines().skip(1).takeWhile(l -> l.startsWith(" ")).count();
        System.out.printf(Locale.ROOT, "%s%-6s ZGC heap, %5d pages, JDK %d: VM.info %.2f ms median (max %.2f), parse"
                + " %.2f ms, output %d chars (%d arrays live)%n", RESULT, heapLabel, pages,
                Runtime.version().feature(), median(command), max(command), median(parse), vmInfo.length(),
                arrays.size());
    }

    /** The JFR event with its period set: the safepoint of each emission is in -Xlog:safepoint. */
    static void childJfr() throws Exception {
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("jdk.G1HeapRegionInformation").withPeriod(Duration.ofMillis(200));
            stream.startAsync();
            Thread.sleep(200L * (ROUNDS + 3));
        }
    }

    static long regionSize() {
        return Long.parseLong(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("G1HeapRegionSize").getValue());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
