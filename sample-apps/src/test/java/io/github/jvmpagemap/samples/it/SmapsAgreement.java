package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.region.AddressRange;
import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures a client read (a printed table, JFR events, MBean attributes, all put in one shape)
 * compared with the kernel's smaps summed over the ranges of a layout found with jcmd. Clients
 * that cannot read at the very instant of the scan retry until the app is quiet (no JIT at work).
 */
final class SmapsAgreement {
    static final List<String> REGIONS = List.of(Region.JAVA_HEAP, Region.METASPACE, Region.CLASS_SPACE,
            Region.CODE_CACHE, Region.CDS_ARCHIVE);

    /**
     * How many readings a test may take before all regions must have agreed in one of them. The
     * JIT keeps compiling (code cache) and profiling (metaspace) for a while after start-up, the
     * more so on a slow machine and while the agent's own code warms up, so a region can move in
     * the few milliseconds between a scan and the SIGSTOP that freezes the app for the oracle.
     * A quiet app agrees at the first reading; a busy one settles within seconds.
     */
    static final int ATTEMPTS = 30;

    private SmapsAgreement() {
    }

    /** A top-level region's figures, in bytes. */
    record Row(long reserved, long committed, long resident, long swapped) {
    }

    /** What a client read: top-level regions by name, and the process-wide figures. */
    record Figures(Map<String, Row> regions, long vmRss, long attributed, long extraViews, long notAttributed) {

        static Figures of(PrintedTable table) {
            Map<String, Row> regions = new LinkedHashMap<>();
            for (PrintedTable.Row r : table.rows()) {
                if (!r.subRegion()) {
                    regions.put(r.name(), new Row(r.reserved(), r.committed(), r.resident(), r.swapped()));
                }
            }
            return new Figures(regions, table.vmRss(), table.attributed(), table.extraViews(), table.notAttributed());
        }

        Row region(String name) {
            Row row = regions.get(name);
            if (row == null) {
                throw new AssertionError("no figures for region " + name + " in " + regions);
            }
            return row;
        }
    }

    /**
     * What the kernel said at one instant: smaps, VmRSS, and the pagemap entries of every
     * anonymous mapping. The kernel merges adjacent anonymous mappings with the same
     * protection into one (a metaspace node and the native memory beside it, say), and smaps
     * cannot split such a mapping's Rss: for the part inside a region, the pagemap says.
     */
    record KernelView(Smaps smaps, long vmRss, Map<Long, long[]> anonymousPages) {
        static final long PAGE = 4096;

        static KernelView of(long pid) throws IOException {
            Smaps smaps = Smaps.of(pid);
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            assertTrue(rss >= 0, "VmRSS in /proc/" + pid + "/status");
            Map<Long, long[]> pages = new java.util.HashMap<>();
            try (java.nio.channels.FileChannel pagemap = java.nio.channels.FileChannel.open(
                    Path.of("/proc/" + pid + "/pagemap"))) {
                for (Smaps.Mapping m : smaps.mappings()) {
                    if (m.accessible() && m.path().isEmpty()) {
                        java.nio.ByteBuffer entries = java.nio.ByteBuffer.allocate((int) (m.size() / PAGE * 8))
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                        while (entries.hasRemaining()) {
                            if (pagemap.read(entries, m.start() / PAGE * 8 + entries.position()) <= 0) {
                                throw new IOException("short read of /proc/" + pid + "/pagemap");
                            }
                        }
                        long[] values = new long[entries.capacity() / 8];
                        entries.flip().asLongBuffer().get(values);
                        pages.put(m.start(), values);
                    }
                }
            }
            return new KernelView(smaps, rss, pages);
        }
    }

    /** As {@link #mismatches(Figures, KernelView, RegionLayout)}, for an observation of the table test. */
    static List<String> mismatches(Figures read, ResidencyMatchesSmapsIT.Observation seen, RegionLayout layout) {
        return mismatches(read, seen.kernel(), layout);
    }

    /** Every disagreement between what a client read and the kernel's accounting, empty if none. */
    static List<String> mismatches(Figures read, KernelView kernel, RegionLayout layout) {
        List<String> out = new ArrayList<>();
        for (String name : REGIONS) {
            Region region = layout.regions().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("the oracle found no " + name + ": " + layout));
            Row row = read.region(name);
            Totals first = Totals.over(kernel, region, 0);
            Totals others = new Totals();
            for (long view : region.views()) {
                others.add(Totals.over(kernel, region, view));
            }
            check(out, 0, region.reservedBytes(), row.reserved(), name + " reserved vs the oracle's layout");
            check(out, 0, first.size, row.committed(), name + " committed vs smaps mapping sizes");
            check(out, 0.01, first.swap, row.swapped(), name + " swapped vs smaps Swap");
            if (region.views().length == 0) {
                check(out, 0.01, first.rss, row.resident(), name + " resident vs smaps Rss");
            } else {
                // Multi-mapped (JDK 17's ZGC): physical pages once, every view's Rss accounted for.
                check(out, 0.01, first.rss + others.rss, row.resident() + read.extraViews(),
                        name + " resident + extra views vs smaps Rss of all views");
                if (row.resident() < first.rss * (1 - Expect.PRINT_PRECISION)) {
                    out.add(name + " resident " + row.resident() + " below the first view's Rss " + first.rss);
                }
            }
        }
        check(out, 0.01, kernel.vmRss(), read.vmRss(), "VmRSS");
        check(out, 0.001, read.vmRss() - read.attributed() - read.extraViews(), read.notAttributed(),
                "not attributed = VmRSS - attributed - extra views");
        return out;
    }

    static void check(List<String> out, double fraction, long expected, long actual, String what) {
        try {
            Expect.within(fraction, expected, actual, () -> what);
        } catch (AssertionError e) {
            out.add(e.getMessage());
        }
    }

    /** smaps figures summed over the accessible mappings of a region's ranges, shifted by a view offset. */
    static final class Totals {
        long rss;
        long swap;
        long size;

        void add(Totals o) {
            rss += o.rss;
            swap += o.swap;
            size += o.size;
        }

        static Totals over(KernelView kernel, Region region, long view) {
            Totals t = new Totals();
            for (Smaps.Mapping m : kernel.smaps().mappings()) {
                if (!m.accessible() || !overlaps(region.ranges(), m, view)) {
                    continue;
                }
                if (contained(region.ranges(), m, view)) {
                    t.rss += m.rss();
                    t.swap += m.swap();
                    t.size += m.size();
                    continue;
                }
                long[] pages = kernel.anonymousPages().get(m.start());
                assertTrue(pages != null, () -> region.name() + ": a file mapping straddles the region: " + m);
                for (AddressRange r : region.ranges()) {
                    long from = Math.max(m.start(), r.start() + view);
                    long to = Math.min(m.end(), r.end() + view);
                    for (long a = from; a < to; a += KernelView.PAGE) {
                        long entry = pages[(int) ((a - m.start()) / KernelView.PAGE)];
                        t.rss += entry < 0 ? KernelView.PAGE : 0; // bit 63: present
                        t.swap += (entry & (1L << 62)) != 0 ? KernelView.PAGE : 0;
                        t.size += KernelView.PAGE;
                    }
                }
            }
            return t;
        }
    }

    private static boolean overlaps(List<AddressRange> ranges, Smaps.Mapping m, long offset) {
        return ranges.stream().anyMatch(r -> m.start() < r.end() + offset && r.start() + offset < m.end());
    }

    private static boolean contained(List<AddressRange> ranges, Smaps.Mapping m, long offset) {
        return ranges.stream().anyMatch(r -> r.start() + offset <= m.start() && m.end() <= r.end() + offset);
    }
}
