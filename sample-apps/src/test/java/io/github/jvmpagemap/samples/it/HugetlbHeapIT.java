package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.Readings;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Host;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.ProcStatus;
import io.github.jvmpagemap.samples.it.kernel.Range;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A heap on explicit huge pages ({@code -XX:+UseLargePages} with a reserved hugetlb pool): the
 * kernel counts those pages in {@code HugetlbPages} of the process's status and not in VmRSS, so
 * the agent reconciles its rows against VmRSS plus that figure, which it publishes beside VmRSS.
 * The heap is resident whole, all of it on huge pages, as smaps' {@code *_Hugetlb} fields say;
 * the published hugetlb figure is the kernel's; what is not attributed stays as small as on any
 * other heap, never hundreds of MiB below zero.
 *
 * <p>Run alone ({@code @Isolated}): filling the pool makes the kernel compact memory, moving other
 * processes' pages, which for that moment are not present; a test beside it that counts pages
 * exactly would see them go (measured: a pre-touched heap 6 pages short).
 */
@Isolated
class HugetlbHeapIT {
    static final long HEAP = 256L << 20;
    /** Pages of 2 MiB added to the pool: the heap's 128, and the code cache's, which the JVM also puts on them. */
    static final int POOL_PAGES = 400;
    /** What is not attributed on an idle app, as the other ITs allow it: pages that move between the scan and VmRSS. */
    static final long UNATTRIBUTED = 1L << 20;

    @Cases(paths = {PORTABLE, FAST}, onePathPerJdk = true)
    @Needs(Requirement.ROOT)
    @ResourceLock(Locks.HUGETLB_POOL)
    void aHeapOnHugetlbPagesIsReconciledAgainstVmRssPlusHugetlbPages(Case c, Apps apps) throws Exception {
        String pool = poolSize();
        int before = Integer.parseInt(pool);
        try {
            Files.writeString(Host.COMPACT_MEMORY, "1");
            Files.writeString(Host.NR_HUGEPAGES, Integer.toString(before + POOL_PAGES));
            int now = Integer.parseInt(poolSize());
            assumeTrue(now >= before + HEAP / (2 << 20), () -> "the kernel gave the hugetlb pool " + (now - before)
                    + " pages of the " + POOL_PAGES + " asked for: too little free memory in one piece");
            try (App app = apps.start(c.app("idle").agent("interval=1s,print=1h").jvmArgs("-XX:+UseLargePages",
                    "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"))) {
                figuresMatchTheKernel(c, app);
            }
        } finally {
            Files.writeString(Host.NR_HUGEPAGES, pool);
        }
    }

    /**
     * The pool's size, read by lines: {@code Files.readString} of a sysctl file returns only its
     * first byte (measured on JDK 17 and 25: "4" of "400").
     */
    private static String poolSize() throws IOException {
        return Files.readAllLines(Host.NR_HUGEPAGES).get(0).trim();
    }

    /** smaps' hugetlb figures of the heap, and the process's HugetlbPages, in bytes. */
    private record Kernel(long heapHugetlb, long hugetlbPages) {
        static Kernel of(App app, List<Range> heap) throws IOException {
            return new Kernel(SmapsFields.sum(app.pid(), heap, "Private_Hugetlb")
                    + SmapsFields.sum(app.pid(), heap, "Shared_Hugetlb"), ProcStatus.hugetlbPages(app.pid()));
        }
    }

    private static void figuresMatchTheKernel(Case c, App app) throws Exception {
        List<Range> heap = app.layout().region(Region.JAVA_HEAP).ranges();
        Readings.Reading<Kernel> reading = Readings.afterEachScan(app, Readings.beans(app),
                () -> app.whileStopped(() -> Kernel.of(app, heap)), (report, before, kernel) -> {
                    Report.Row row = report.region(Region.JAVA_HEAP);
                    List<String> out = new ArrayList<>();
                    if (row.resident() != kernel.heapHugetlb() || row.hugePage() != kernel.heapHugetlb()) {
                        out.add("heap resident " + row.resident() + ", hugePage " + row.hugePage()
                                + " vs smaps Private_Hugetlb + Shared_Hugetlb " + kernel.heapHugetlb());
                    }
                    if (report.hugetlb() != kernel.hugetlbPages()) {
                        out.add("hugetlb " + report.hugetlb() + " vs status HugetlbPages " + kernel.hugetlbPages());
                    }
                    if (Math.abs(report.unattributed()) > UNATTRIBUTED) {
                        out.add("not attributed " + report.unattributed());
                    }
                    return out;
                });
        String seen = reading + "\n" + app.transcript();
        assertEquals(List.of(), reading.mismatches(), seen);
        assertEquals(HEAP, reading.after().heapHugetlb(), () -> "the JVM put its whole heap on the pool: " + seen);
        assertEquals(c.path().method(), reading.report().method(), seen);
        assertEquals(List.of(), reading.report().problems(), seen);

        // The table says it too, on a line of its own, the process line being VmRSS.
        app.awaitTable(0);
        assertTrue(app.stderr().stream().anyMatch(line -> line.startsWith("  on hugetlb pages (not in VmRSS)")),
                () -> "a hugetlb line in the table:\n" + seen);
    }
}
