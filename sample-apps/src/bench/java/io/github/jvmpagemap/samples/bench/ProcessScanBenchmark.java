package io.github.jvmpagemap.samples.bench;

import io.github.jvmpagemap.jvm.JvmLayout;
import io.github.jvmpagemap.jvm.MBeanDiagnosticCommands;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.process.ProcessCategories;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.scan.Detail;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.PageTables;
import io.github.jvmpagemap.scan.ScanMethod;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The whole-process scan (JVM regions and process categories) against the scan of the JVM regions
 * alone, same JVM, same page table, alternating: a plain program, run with the JDK 22+ source
 * launcher after {@code mvn package}, from the repository root:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp agent/target/jvm-pagemap-agent.jar \
 *     sample-apps/src/bench/java/io/github/jvmpagemap/samples/bench/ProcessScanBenchmark.java [heap GiB] [threads]
 * </pre>
 *
 * For an 8 GiB heap and 200 threads by default, with 4 KiB pages and with transparent huge pages,
 * it starts a child JVM with the heap pre-touched and the threads parked, and there times each
 * scan (median of 21 after a warm-up) for method=scan and method=pagemap at detail=basic and
 * detail=auto (full as root): steady (nothing changes between scans, so the categories are not
 * worked out again), and with one thread started and ended before each scan (the threads and
 * their stack mappings change, so the categories are worked out again and the new thread's files read).
 */
public final class ProcessScanBenchmark {
    private static final int WARMUP = 15;
    private static final int RUNS = 21;

    private ProcessScanBenchmark() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length > 0 && args[0].equals("child")) {
            child(Integer.parseInt(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("nmt-child")) {
            nmtChild(Integer.parseInt(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("nmt")) {
            nmt(args.length > 1 ? Integer.parseInt(args[1]) : 200);
            return;
        }
        int gib = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String self = Path.of("sample-apps/src/bench/java/io/github/jvmpagemap/samples/bench/ProcessScanBenchmark.java")
                .toString();
        System.out.printf(Locale.ROOT, "%d GiB pre-touched G1 heap, %d parked threads; medians in ms of %d scans%n",
                gib, threads, RUNS);
        System.out.printf(Locale.ROOT, "%-6s %-8s %-6s %-9s %10s %10s %8s %9s %9s%n", "pages", "method", "detail",
                "threads", "JVM only", "process", "process/", "pages", "pages");
        System.out.printf(Locale.ROOT, "%-6s %-8s %-6s %-9s %10s %10s %8s %9s %9s%n", "", "", "", "", "", "",
                "JVM only", "JVM only", "process");
        for (boolean thp : new boolean[] {false, true}) {
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-Xms" + gib + "g", "-Xmx" + gib + "g", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC",
                    thp ? "-XX:+UseTransparentHugePages" : "-XX:-UseTransparentHugePages",
                    "-cp", System.getProperty("java.class.path"), self, "child", Integer.toString(threads)));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    System.out.println((thp ? "THP    " : "4 KiB  ") + line);
                }
            }
            p.waitFor();
        }
    }

    private static void child(int threadCount) throws Throwable {
        CountDownLatch end = parked(threadCount);
        ProcFiles proc = ProcFiles.self();
        long pageSize = proc.pageSize();
        for (ScanMethod method : new ScanMethod[] {ScanMethod.SCAN, ScanMethod.PAGEMAP}) {
            for (Detail detail : new Detail[] {Detail.BASIC, Detail.AUTO}) {
                try (PageTable table = PageTables.open(method, detail, proc, note -> { })) {
                    ResidencyScanner jvm = new ResidencyScanner(proc, table,
                            JvmLayout.of(new MBeanDiagnosticCommands(), pageSize), pageSize);
                    ResidencyScanner process = new ResidencyScanner(proc, table,
                            ProcessCategories.of(new MBeanDiagnosticCommands(), proc, pageSize), pageSize);
                    for (boolean churn : new boolean[] {false, true}) {
                        double[][] ms = new double[2][RUNS];
                        long[] pages = new long[2];
                        for (int i = 0; i < WARMUP + RUNS; i++) {
                            for (int s = 0; s < 2; s++) {
                                if (churn) {
                                    Thread t = new Thread(() -> { }, "bench-passing");
                                    t.start();
                                    t.join();
                                }
                                long t0 = System.nanoTime();
                                Residency r = (s == 0 ? jvm : process).scan();
                                long t1 = System.nanoTime();
                                if (i >= WARMUP) {
                                    ms[s][i - WARMUP] = (t1 - t0) / 1e6;
                                }
                                pages[s] = r.pagesExamined();
                            }
                        }
                        double a = median(ms[0]);
                        double b = median(ms[1]);
                        System.out.printf(Locale.ROOT, "%-8s %-6s %-9s %10.2f %10.2f %7.2fx %9d %9d%n",
                                table.method(), table.detail().label(), churn ? "one new" : "steady", a, b, b / a,
                                pages[0], pages[1]);
                    }
                }
            }
        }
        end.countDown();
    }

    /** The time one read of NMT's labels ({@code System.map}) takes, at 512 MiB and 8 GiB heaps. */
    private static void nmt(int threads) throws Throwable {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String self = "sample-apps/src/bench/java/io/github/jvmpagemap/samples/bench/ProcessScanBenchmark.java";
        System.out.printf(Locale.ROOT, "System.map with -XX:NativeMemoryTracking=summary, %d parked threads; median of"
                + " %d reads in ms, and the whole-process scan (method=scan, basic) for comparison%n", threads, RUNS);
        for (String heap : new String[] {"512m", "8g"}) {
            List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xms" + heap, "-Xmx" + heap,
                    "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=summary", "-cp",
                    System.getProperty("java.class.path"), self, "nmt-child", Integer.toString(threads));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    System.out.println("heap " + heap + ": " + line);
                }
            }
            p.waitFor();
        }
    }

    private static void nmtChild(int threadCount) throws Throwable {
        CountDownLatch end = parked(threadCount);
        MBeanDiagnosticCommands commands = new MBeanDiagnosticCommands();
        double[] ms = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            commands.run("System.map");
            if (i >= WARMUP) {
                ms[i - WARMUP] = (System.nanoTime() - t0) / 1e6;
            }
        }
        ProcFiles proc = ProcFiles.self();
        long pageSize = proc.pageSize();
        double[] scan = new double[RUNS];
        try (PageTable table = PageTables.open(ScanMethod.SCAN, Detail.BASIC, proc, note -> { })) {
            ResidencyScanner process = new ResidencyScanner(proc, table, ProcessCategories.of(commands, proc, pageSize),
                    pageSize);
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long t0 = System.nanoTime();
                process.scan();
                if (i >= WARMUP) {
                    scan[i - WARMUP] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "System.map %.2f ms; whole-process scan %.2f ms (steady: System.map not read)%n",
                median(ms), median(scan));
        end.countDown();
    }

    /** {@code count} daemon threads {@code bench-worker-<n>}, parked until the latch returned opens. */
    private static CountDownLatch parked(int count) {
        CountDownLatch end = new CountDownLatch(1);
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                try {
                    end.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        return end;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
