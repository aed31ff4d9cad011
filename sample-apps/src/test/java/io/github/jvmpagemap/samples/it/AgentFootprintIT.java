package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.kernel.ProcStatus;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The agent's own footprint, against the same idle app without it, on JDK 17 and 25, once the
 * agent has made fifteen scans at {@code interval=1s}: what its objects retain on the heap after
 * a full collection (the JVM's own GC.heap_info), the metaspace its classes take (VM.metaspace),
 * its thread's stack (the kernel's smaps for the mapping that holds the thread's stack pointer)
 * and the resident set it adds (VmRSS). The bounds are those BENCHMARKS.md commits to.
 */
class AgentFootprintIT {
    private static final long MIB = 1 << 20;
    /** The agent's objects after a full collection: its scanner, its latest scan, its beans. */
    static final long RETAINED_HEAP = 4 * MIB;
    /** The agent's classes. */
    static final long METASPACE = 8 * MIB;
    /** The agent's thread's stack, resident. */
    static final long THREAD_STACK = 512 * 1024;
    /** The resident set the agent adds: its classes, their compiled code, the compilers' memory. */
    static final long RESIDENT = 96 * MIB;

    @Cases(collectors = Gc.G1)
    void theAgentsOwnFootprintStaysWithinItsBounds(Case c, Apps apps) throws Exception {
        App with = apps.start(c.app("idle").agent("interval=1s").jvmArgs("-Xmx256m", "-Dsamples.idle.mib=8"));
        App without = apps.start(c.app("idle").withoutAgent().jvmArgs("-Xmx256m", "-Dsamples.idle.mib=8"));
        with.agent().awaitScans(15);

        long rssWith = ProcStatus.vmRss(with.pid());
        long rssWithout = ProcStatus.vmRss(without.pid());
        long heap = heapUsedAfterGc(with) - heapUsedAfterGc(without);
        long metaspace = metaspaceUsed(with) - metaspaceUsed(without);
        long stack = agentStackResident(with.pid());
        String figures = String.format("retained heap %.2f MiB, metaspace %.2f MiB, thread stack %d KiB, resident"
                + " %.1f MiB (%.1f against %.1f MiB)", heap / (double) MIB, metaspace / (double) MIB, stack / 1024,
                (rssWith - rssWithout) / (double) MIB, rssWith / (double) MIB, rssWithout / (double) MIB);
        System.out.println(c + ": the agent's footprint: " + figures);
        assertTrue(heap <= RETAINED_HEAP, figures);
        assertTrue(metaspace > 0 && metaspace <= METASPACE, figures);
        assertTrue(stack > 0 && stack <= THREAD_STACK, figures);
        assertTrue(rssWith - rssWithout <= RESIDENT, figures);
    }

    /** Heap used after a full collection, from the JVM's own GC.heap_info ("used 12345K"). */
    private static long heapUsedAfterGc(App app) throws Exception {
        app.jvm().gcRun();
        Matcher m = Pattern.compile("used (\\d+)K").matcher(app.jvm().gcHeapInfo());
        assertTrue(m.find(), "GC.heap_info names the heap used");
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Metaspace used, classes and non-class, from VM.metaspace's total line ("Both: ... used"). */
    private static long metaspaceUsed(App app) throws Exception {
        String report = app.jvm().vmMetaspace();
        Matcher m = Pattern.compile("(?m)^\\s*Both:.*?,\\s*([\\d.]+) ([KMG]B) \\(\\s*[\\d.]+%\\) used").matcher(report);
        assertTrue(m.find(), () -> "VM.metaspace has a total: " + report);
        double value = Double.parseDouble(m.group(1));
        return Math.round(value * switch (m.group(2)) {
            case "KB" -> 1024;
            case "MB" -> MIB;
            default -> 1024 * MIB;
        });
    }

    /**
     * Rss of the mapping that holds the agent's thread's stack pointer, which {@code
     * /proc/<pid>/task/<tid>/syscall} gives for a thread blocked in a system call (it waits for its
     * next task).
     */
    private static long agentStackResident(long pid) throws IOException, InterruptedException {
        Path task = agentTask(pid);
        for (int attempt = 0; attempt < 50; attempt++) {
            List<String> fields = List.of(Files.readString(task.resolve("syscall")).trim().split(" "));
            if (fields.size() >= 8) {
                long sp = new BigInteger(fields.get(fields.size() - 2).substring(2), 16).longValue();
                return rssOfMappingHolding(pid, sp);
            }
            Thread.sleep(20); // "running": asked again once it waits
        }
        throw new AssertionError("the agent's thread never waited in a system call");
    }

    private static Path agentTask(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).strip().equals("jvm-pagemap sca")) {
                    return task;
                }
            }
        }
        throw new AssertionError("no agent thread in process " + pid);
    }

    private static long rssOfMappingHolding(long pid, long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
            Matcher range = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ").matcher(line);
            if (range.find()) {
                long start = Long.parseUnsignedLong(range.group(1), 16);
                long end = Long.parseUnsignedLong(range.group(2), 16);
                inside = Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
            } else if (inside && line.startsWith("Rss:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new AssertionError("no mapping holds the stack pointer " + Long.toHexString(address));
    }
}
