package io.github.jvmpagemap.samples.it.agreement;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.jvm.HeapRegionTable;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Range;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.Smaps;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the agent published (a {@link Report}, from JSON or JMX) compared with what the kernel
 * says, summed over the ranges of the tests' own {@link LayoutOracle}. The app is stopped
 * (SIGSTOP) right after the report for the kernel's side, and the readings are repeated until
 * the app is quiet (no JIT at work), each time with a scan newer than the last reading.
 */
public final class SmapsAgreement {
    /**
     * How many readings a test may take before all regions must have agreed in one of them. The
     * JIT keeps compiling (code cache) and profiling (metaspace) for a while after start-up, the
     * more so on a slow machine and while the agent's own code warms up, so a region can move in
     * the few milliseconds between a scan and the SIGSTOP that freezes the app for the oracle.
     * A quiet app agrees at the first reading; a busy one settles within seconds.
     */
    static final int ATTEMPTS = 30;
    /**
     * How much more of G1's eden, Shenandoah's regular regions or ZGC's young or small pages may be resident when the
     * app is stopped than at the scan before:
     * what the app allocates in between (1 MiB, about a second of the agent's own work at the
     * tests' 100 ms interval and a JMX reply).
     */
    static final long EDEN_ALLOWANCE = 1L << 20;

    private SmapsAgreement() {
    }

    /** What a test compares; an AssertionError thrown means the layout moved under the oracle. */
    public interface Comparison {
        List<String> mismatches(Report report, KernelView kernel, Layout layout) throws IOException;
    }

    public interface Source<T> {
        T get() throws Exception;
    }

    /** The last reading: the agent's report, the kernel's view right after it, and what disagreed. */
    public record Reading(Report report, KernelView kernel, Layout layout, List<String> mismatches) {
    }

    /**
     * Reads the agent's figures, then the kernel's while the app is stopped, until {@code compare}
     * finds nothing or {@link #ATTEMPTS} readings were taken. The layout is found again when it
     * seems to have moved (metaspace gained a node, a G1 region changed type), right after the
     * next report.
     */
    public static Reading untilAgreed(ChildJvm app, Source<Layout> oracle, Source<Report> agent, Comparison compare)
            throws Exception {
        // Only scans from now on count: the first reading must not show a scan from before the call.
        Instant previous = Instant.now();
        Layout layout = oracle.get();
        Reading reading = null;
        boolean moved = false;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // A scan no newer than the last reading was compared already: wait for the next one.
            Report report = scannedAfter(previous, agent);
            if (moved) {
                // Read right after the report, so that what changes the layout (G1's region types
                // change as the report's own connection allocates) has the least time to.
                layout = oracle.get();
            }
            Layout now = layout;
            KernelView kernel = app.whileStopped(() -> KernelView.of(app.pid(), now));
            previous = Instant.now();
            List<String> mismatches;
            try {
                mismatches = compare.mismatches(report, kernel, layout);
                moved = mismatches.stream().anyMatch(m -> m.contains("reserved"));
            } catch (AssertionError e) {
                mismatches = List.of(e.getMessage());
                moved = true;
            }
            reading = new Reading(report, kernel, layout, mismatches);
            if (mismatches.isEmpty()) {
                break;
            }
        }
        return reading;
    }

    /**
     * The agent's report of a scan that began after {@code after}, asked again every 50 ms for up
     * to 5 s (then the last one): an older scan missed what the app, and the last report's own
     * connection, did since, and a kernel reading taken before {@code after} does not bound it.
     */
    public static Report scannedAfter(Instant after, Source<Report> agent) throws Exception {
        Report report = agent.get();
        for (int wait = 0; !report.time().isAfter(after) && wait < 100; wait++) {
            Thread.sleep(50);
            report = agent.get();
        }
        return report;
    }

    /** The last reading of a region's sharing: the agent's row, smaps' Shared_* and Pss, and what disagreed. */
    public record Sharing(Report.Row row, long kernelShared, long kernelPss, List<String> mismatches) {
    }

    /**
     * Reads the agent's row of {@code region} and smaps' Shared_Clean + Shared_Dirty and Pss of
     * its mappings (the app stopped), until {@code shared} and, if {@code proportional}, Pss agree
     * within 1% or {@link #ATTEMPTS} readings were taken: a map count can change in between.
     */
    public static Sharing sharingUntilAgreed(ChildJvm app, Source<Report> agent, Region region, boolean shared,
            boolean proportional) throws Exception {
        Sharing reading = null;
        for (int attempt = 0; attempt < ATTEMPTS && (reading == null || !reading.mismatches().isEmpty()); attempt++) {
            Report.Row row = agent.get().region(region.name());
            long[] kernel = app.whileStopped(() -> SmapsFields.sharedAndPss(app.pid(), region));
            List<String> out = new ArrayList<>();
            if (shared) {
                check(out, 0.01, kernel[0], row.shared(), region.name() + " shared vs smaps Shared_*");
            }
            if (proportional) {
                check(out, 0.01, kernel[1], row.proportional(), region.name() + " proportional vs smaps Pss");
            }
            reading = new Sharing(row, kernel[0], kernel[1], out);
        }
        return reading;
    }

    /**
     * Every disagreement between the agent's figures and the kernel's accounting, empty if none:
     * for every region and sub-region the oracle found, reserved equals the oracle's ranges,
     * committed the size of the accessible mappings in them, resident and swapped smaps Rss and
     * Swap within 1%; VmRSS within 1%, and what is not attributed is what the rest leaves. A heap
     * split by region type (G1, Shenandoah) is compared whole, its types by their sums: the types
     * move with every region the app's allocations take, the report's own JMX connection's after
     * its scan included, sooner than the oracle can read the table again (HeapRegionTypesIT
     * compares each type, in a setting where they hold still).
     */
    public static List<String> mismatches(Report read, KernelView kernel, Layout layout) {
        List<String> out = new ArrayList<>();
        List<String> topLevel = read.rows().stream().filter(r -> !r.isSubRegion()).map(Report.Row::name).sorted()
                .toList();
        if (!topLevel.equals(Region.ROWS.stream().sorted().toList())) {
            out.add("top-level rows " + topLevel + ", expected " + Region.ROWS);
        }
        for (Region region : layout.regions()) {
            if (HeapRegionTable.splitsByRegionType(region)) {
                compare(out, region, read.region(region.name()), kernel, read.extraViews());
                if (sameSubRegions(out, region, read)) {
                    typesAddUp(out, read.region(region.name()), read.subRegionsOf(region.name()));
                }
            } else {
                compareWithSubRegions(out, region, read, kernel);
            }
        }
        check(out, 0.01, kernel.vmRss(), read.processResident(), "VmRSS");
        long zeroPage = read.rows().stream().filter(r -> !r.isSubRegion()).mapToLong(r -> Math.max(0, r.zeroPage()))
                .sum();
        check(out, 0, read.processResident() - read.attributed() + zeroPage - read.extraViews(), read.unattributed(),
                "not attributed = VmRSS - (attributed - the zero page, which VmRSS leaves out) - extra views");
        return out;
    }

    /** True if the agent published the sub-regions the oracle found, by name; else adds a line. */
    private static boolean sameSubRegions(List<String> out, Region region, Report read) {
        List<String> expected = region.subRegions().stream().map(Region::name).sorted().toList();
        List<String> published = read.subRegionsOf(region.name()).stream().map(Report.Row::name).sorted().toList();
        if (!published.equals(expected)) {
            out.add(region.name() + " sub-regions " + published + ", the oracle's " + expected);
            return false;
        }
        return true;
    }

    /** Adds a line for each figure in which a region's types do not add up to the region exactly. */
    public static void typesAddUp(List<String> out, Report.Row region, List<Report.Row> types) {
        check(out, 0, region.committed(), types.stream().mapToLong(Report.Row::committed).sum(),
                region.name() + " committed = its types' sum");
        check(out, 0, region.resident(), types.stream().mapToLong(Report.Row::resident).sum(),
                region.name() + " resident = its types' sum");
        check(out, 0, region.swapped(), types.stream().mapToLong(Report.Row::swapped).sum(),
                region.name() + " swapped = its types' sum");
    }

    /** As {@link #mismatches}, for one region and each of its sub-regions only. */
    public static Comparison mismatchesOf(String name) {
        return (read, kernel, layout) -> {
            List<String> out = new ArrayList<>();
            compareWithSubRegions(out, layout.region(name), read, kernel);
            return out;
        };
    }

    private static void compareWithSubRegions(List<String> out, Region region, Report read, KernelView kernel) {
        compare(out, region, read.region(region.name()), kernel, read.extraViews());
        if (!sameSubRegions(out, region, read)) {
            return;
        }
        for (Region sub : region.subRegions()) {
            Report.Row row = read.subRegionsOf(region.name()).stream().filter(r -> r.name().equals(sub.name()))
                    .findFirst().orElseThrow();
            if (sub.views().length == 0) {
                compare(out, sub, row, kernel, 0);
            } else {
                compareAcrossViews(out, sub, row, kernel);
            }
        }
    }

    /**
     * A sub-region of multi-mapped memory (JDK 17's ZGC pages): smaps counts each view's mappings
     * whole, and a page may be present in one view only, so its figures come from the pagemap
     * entries of every view (a page resident if present in any).
     */
    private static void compareAcrossViews(List<String> out, Region sub, Report.Row row, KernelView kernel) {
        Totals pages = Totals.pagemap(kernel, sub);
        check(out, 0, sub.reservedBytes(), row.reserved(), sub.name() + " reserved vs the oracle's layout");
        check(out, 0, pages.size, row.committed(), sub.name() + " committed vs the pagemap's accessible pages");
        check(out, 0.01, pages.swap, row.swapped(), sub.name() + " swapped vs the pagemap, every view");
        residentAgrees(out, sub.name(), pages.rss, row.resident(), "the pagemap, every view");
    }

    /**
     * Adds a line unless the published resident bytes of {@code name} are within 1% of the
     * kernel's; for a row where the app allocates (G1's eden, Shenandoah's regular regions, ZGC's
     * young generation or small pages), which takes what the app allocates between the scan and
     * the stop (the agent's next scan and the rest of the report's own JMX reply included), the
     * kernel's may only be higher, by {@link #EDEN_ALLOWANCE} or 1%.
     */
    private static void residentAgrees(List<String> out, String name, long kernel, long published, String source) {
        if (!HeapRegionTable.ALLOCATING.contains(name)) {
            check(out, 0.01, kernel, published, name + " resident vs " + source);
            return;
        }
        long gained = kernel - published;
        if (gained < 0 || gained > Math.max(0.01 * kernel, EDEN_ALLOWANCE)) {
            out.add(name + " resident vs " + source + ": expected " + kernel + " bytes, at most " + EDEN_ALLOWANCE
                    + " or 1% more than the " + published + " published");
        }
    }

    private static void compare(List<String> out, Region region, Report.Row row, KernelView kernel, long extraViews) {
        String name = region.name();
        Totals first = Totals.smaps(kernel, region.ranges(), 0);
        Totals others = new Totals();
        for (long view : region.views()) {
            others.add(Totals.smaps(kernel, region.ranges(), view));
        }
        check(out, 0, region.reservedBytes(), row.reserved(), name + " reserved vs the oracle's layout");
        check(out, 0, first.size, row.committed(), name + " committed vs smaps mapping sizes");
        check(out, 0.01, first.swap, row.swapped(), name + " swapped vs smaps Swap");
        if (region.views().length == 0) {
            residentAgrees(out, name, first.rss, row.resident(), "smaps Rss");
        } else {
            // Multi-mapped (JDK 17's ZGC): physical pages once, every view's Rss accounted for.
            check(out, 0.01, first.rss + others.rss, row.resident() + extraViews,
                    name + " resident + extra views vs smaps Rss of all views");
            if (row.resident() < first.rss) {
                out.add(name + " resident " + row.resident() + " below the first view's Rss " + first.rss);
            }
        }
    }

    /** Adds a line to {@code out} unless {@code actual} is within {@code fraction} of {@code expected}. */
    public static void check(List<String> out, double fraction, long expected, long actual, String what) {
        if (!Expect.isWithin(fraction, expected, actual)) {
            out.add(what + ": expected " + expected + " bytes within " + (fraction * 100) + "%, published " + actual);
        }
    }

    /**
     * Adds a line to {@code out} unless {@code actual} lies between {@code before} and {@code after}
     * (in either order), give or take {@code fraction}: for a figure the kernel gave right before
     * and right after the scan that published it, while the app moved it (the JIT compiling what
     * the report's own connection runs, the compiler's arenas coming and going).
     */
    public static void checkBetween(List<String> out, double fraction, long before, long after, long actual, String what) {
        long low = Math.min(before, after);
        long high = Math.max(before, after);
        if (actual < low && !Expect.isWithin(fraction, low, actual)
                || actual > high && !Expect.isWithin(fraction, high, actual)) {
            out.add(what + ": expected between " + before + " (before the scan) and " + after + " (after) bytes within "
                    + (fraction * 100) + "%, published " + actual);
        }
    }

    /**
     * What the kernel said at one instant: smaps, VmRSS, and the pagemap entries of every
     * accessible mapping that meets a region (in any view). smaps cannot split a mapping that
     * runs past a region's end (the kernel merges a metaspace node with the anonymous memory
     * beside it, a code heap's mapping spans the next heap): for such a part, the pagemap says.
     */
    public record KernelView(Smaps smaps, long vmRss, TreeMap<Long, long[]> pages) {
        static final long PAGE = LayoutOracle.PAGE;

        public static KernelView of(long pid, Layout layout) throws IOException {
            Smaps smaps = Smaps.of(pid);
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            assertTrue(rss >= 0, "VmRSS in /proc/" + pid + "/status");
            TreeMap<Long, long[]> pages = new TreeMap<>();
            try (FileChannel pagemap = FileChannel.open(Path.of("/proc/" + pid + "/pagemap"))) {
                for (Smaps.Mapping m : smaps.mappings()) {
                    if (m.accessible() && meetsARegion(layout, m)) {
                        pages.put(m.start(), entries(pagemap, m.start(), m.end()));
                    }
                }
            }
            return new KernelView(smaps, rss, pages);
        }

        private static boolean meetsARegion(Layout layout, Smaps.Mapping m) {
            for (Region region : layout.regions()) {
                for (long view : allViews(region)) {
                    if (region.ranges().stream().anyMatch(r -> r.shifted(view).overlaps(m.start(), m.end()))) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The pagemap entries of [start, end): one little-endian u64 per page; a short read is an error. */
        public static long[] entries(FileChannel pagemap, long start, long end) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate((int) ((end - start) / PAGE * 8)).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining()) {
                if (pagemap.read(buffer, start / PAGE * 8 + buffer.position()) <= 0) {
                    throw new IOException("short read of pagemap at 0x" + Long.toHexString(start));
                }
            }
            long[] values = new long[buffer.capacity() / 8];
            buffer.flip().asLongBuffer().get(values);
            return values;
        }

        /** The pagemap entry of the page at {@code address}; 0 (not present) outside the mappings read. */
        public long entry(long address) {
            Map.Entry<Long, long[]> e = pages.floorEntry(address);
            long index = e == null ? -1 : (address - e.getKey()) / PAGE;
            return index >= 0 && index < e.getValue().length ? e.getValue()[(int) index] : 0;
        }
    }

    public static long[] allViews(Region region) {
        long[] all = new long[region.views().length + 1];
        System.arraycopy(region.views(), 0, all, 1, region.views().length);
        return all;
    }

    /** Kernel figures of a region, in bytes. */
    public static final class Totals {
        static final long PRESENT = 1L << 63;
        static final long SWAPPED = 1L << 62;
        public long rss;
        public long swap;
        public long size;

        public void add(Totals o) {
            rss += o.rss;
            swap += o.swap;
            size += o.size;
        }

        /**
         * smaps Rss, Swap and size of the accessible mappings inside {@code ranges} shifted by a
         * view offset; for a mapping that runs past them, the pagemap entries of the part inside.
         */
        public static Totals smaps(KernelView kernel, List<Range> ranges, long view) {
            Totals t = new Totals();
            for (Smaps.Mapping m : kernel.smaps().mappings()) {
                if (!m.accessible() || ranges.stream().noneMatch(r -> r.shifted(view).overlaps(m.start(), m.end()))) {
                    continue;
                }
                if (ranges.stream().anyMatch(r -> r.shifted(view).contains(m.start(), m.end()))) {
                    t.rss += m.rss();
                    t.swap += m.swap();
                    t.size += m.size();
                    continue;
                }
                long[] pages = kernel.pages().get(m.start());
                for (Range r : ranges) {
                    for (long a = Math.max(m.start(), r.start() + view); a < Math.min(m.end(), r.end() + view);
                            a += KernelView.PAGE) {
                        long entry = pages[(int) ((a - m.start()) / KernelView.PAGE)];
                        t.rss += (entry & PRESENT) != 0 ? KernelView.PAGE : 0;
                        t.swap += (entry & SWAPPED) != 0 ? KernelView.PAGE : 0;
                        t.size += KernelView.PAGE;
                    }
                }
            }
            return t;
        }

        /**
         * Page by page from pagemap alone: committed (accessible pages), resident (present in any
         * view, so each physical page once) and swapped; the tests' own reader of the page tables.
         */
        public static Totals pagemap(KernelView kernel, Region region) {
            Totals t = new Totals();
            long[] views = allViews(region);
            for (Smaps.Mapping m : kernel.smaps().mappings()) {
                if (!m.accessible()) {
                    continue;
                }
                for (Range r : region.ranges()) {
                    for (long a = Math.max(m.start(), r.start()); a < Math.min(m.end(), r.end()); a += KernelView.PAGE) {
                        boolean present = false;
                        boolean swapped = false;
                        for (long view : views) {
                            long entry = kernel.entry(a + view);
                            present |= (entry & PRESENT) != 0;
                            swapped |= (entry & SWAPPED) != 0;
                        }
                        t.size += KernelView.PAGE;
                        t.rss += present ? KernelView.PAGE : 0;
                        t.swap += !present && swapped ? KernelView.PAGE : 0;
                    }
                }
            }
            return t;
        }
    }
}
