package io.github.jvmpagemap.samples.it.agreement;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.jvm.HeapRegionTable;
import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.Range;
import io.github.jvmpagemap.samples.it.kernel.SmapsFields;
import io.github.jvmpagemap.samples.it.published.Report;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent published (a {@link Report}) compared with what the kernel says, summed over the
 * ranges of the tests' own layout oracle. The app is stopped (SIGSTOP) right after each scan for
 * the kernel's side, and the readings are repeated ({@link Readings}) until the app is quiet.
 */
public final class SmapsAgreement {
    /**
     * How much more of G1's eden, Shenandoah's regular regions or ZGC's young or small pages may be
     * resident when the app is stopped than at the scan before: what the app allocates in between
     * (1 MiB: a JMX reply, the agent's own work).
     */
    static final long EDEN_ALLOWANCE = 1L << 20;

    private SmapsAgreement() {
    }

    /** What a test compares; an AssertionError thrown means the layout moved under the oracle. */
    public interface Comparison {
        List<String> mismatches(Report report, KernelView kernel, Layout layout) throws IOException;
    }

    /** The last reading: the agent's report, the kernel's view right after it, the layout, and what disagreed. */
    public record Reading(Report report, KernelView kernel, Layout layout, List<String> mismatches) {
    }

    /** The layout and the kernel's view of one reading. */
    private record Stopped(Layout layout, KernelView kernel) {
    }

    /**
     * Reads the agent's figures, then the kernel's while the app is stopped, until {@code compare}
     * finds nothing or {@link Readings#ATTEMPTS} readings were taken. The layout is found again
     * when it seems to have moved (metaspace gained a node, a G1 region changed type), right after
     * the next scan, so that what changes it (G1's region types change as the tests' own calls
     * allocate) has the least time to.
     */
    public static Reading untilAgreed(App app, Readings.Source agent, Comparison compare) throws Exception {
        Layout[] layout = {app.layout()};
        boolean[] moved = {false};
        Readings.Reading<Stopped> reading = Readings.afterEachScan(app, agent, () -> {
            if (moved[0]) {
                layout[0] = app.layout();
            }
            Layout now = layout[0];
            return new Stopped(now, app.whileStopped(() -> KernelView.of(app.pid(), now)));
        }, (report, before, after) -> {
            try {
                List<String> mismatches = compare.mismatches(report, after.kernel(), after.layout());
                moved[0] = mismatches.stream().anyMatch(m -> m.contains("reserved"));
                return mismatches;
            } catch (AssertionError e) {
                moved[0] = true;
                return List.of(e.getMessage());
            }
        });
        return new Reading(reading.report(), reading.after().kernel(), reading.after().layout(), reading.mismatches());
    }

    /** As {@link #untilAgreed(App, Readings.Source, Comparison)}, through the app's own JMX connection. */
    public static Reading untilAgreed(App app, Comparison compare) throws Exception {
        return untilAgreed(app, Readings.beans(app), compare);
    }

    /** The last reading of a region's sharing: the agent's row, smaps' Shared_* and Pss, and what disagreed. */
    public record Sharing(Report.Row row, SmapsFields.Sharing kernel, List<String> mismatches) {
    }

    /**
     * Reads the agent's row of {@code region} and smaps' Shared_Clean + Shared_Dirty and Pss of
     * its mappings (the app stopped), until {@code shared} and, if {@code proportional}, Pss agree
     * within 1% or {@link Readings#ATTEMPTS} readings were taken: a map count can change in between.
     */
    public static Sharing sharingUntilAgreed(App app, Readings.Source agent, Region region, boolean shared,
            boolean proportional) throws Exception {
        List<Range> ranges = region.ranges();
        Readings.Reading<SmapsFields.Sharing> reading = Readings.afterEachScan(app, agent,
                () -> app.whileStopped(() -> SmapsFields.sharing(app.pid(), ranges)), (report, before, kernel) -> {
                    Report.Row row = report.region(region.name());
                    List<String> out = new ArrayList<>();
                    if (shared) {
                        Expect.check(out, 0.01, kernel.shared(), row.shared(),
                                region.name() + " shared vs smaps Shared_*");
                    }
                    if (proportional) {
                        Expect.check(out, 0.01, kernel.pss(), row.proportional(),
                                region.name() + " proportional vs smaps Pss");
                    }
                    return out;
                });
        return new Sharing(reading.report().region(region.name()), reading.after(), reading.mismatches());
    }

    /**
     * Every disagreement between the agent's figures and the kernel's accounting, empty if none:
     * for every region and sub-region the oracle found, reserved equals the oracle's ranges,
     * committed the size of the accessible mappings in them, resident and swapped smaps Rss and
     * Swap within 1%; VmRSS within 1%, and what is not attributed is what the rest leaves. A heap
     * split by region type (G1, Shenandoah) is compared whole, its types by their sums: the types
     * move with every region the app's allocations take, the tests' own JMX calls after
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
        Expect.check(out, 0.01, kernel.vmRss(), read.processResident(), "VmRSS");
        long zeroPage = read.rows().stream().filter(r -> !r.isSubRegion()).mapToLong(r -> Math.max(0, r.zeroPage()))
                .sum();
        Expect.check(out, 0, read.processResident() - read.attributed() + zeroPage - read.extraViews(),
                read.unattributed(), "not attributed = VmRSS - (attributed - the zero page, which VmRSS leaves out) - extra views");
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
        Expect.check(out, 0, region.committed(), types.stream().mapToLong(Report.Row::committed).sum(),
                region.name() + " committed = its types' sum");
        Expect.check(out, 0, region.resident(), types.stream().mapToLong(Report.Row::resident).sum(),
                region.name() + " resident = its types' sum");
        Expect.check(out, 0, region.swapped(), types.stream().mapToLong(Report.Row::swapped).sum(),
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
        Expect.check(out, 0, sub.reservedBytes(), row.reserved(), sub.name() + " reserved vs the oracle's layout");
        Expect.check(out, 0, pages.size(), row.committed(), sub.name() + " committed vs the pagemap's accessible pages");
        Expect.check(out, 0.01, pages.swap(), row.swapped(), sub.name() + " swapped vs the pagemap, every view");
        residentAgrees(out, sub.name(), pages.rss(), row.resident(), "the pagemap, every view");
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
            Expect.check(out, 0.01, kernel, published, name + " resident vs " + source);
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
        Expect.check(out, 0, region.reservedBytes(), row.reserved(), name + " reserved vs the oracle's layout");
        Expect.check(out, 0, first.size(), row.committed(), name + " committed vs smaps mapping sizes");
        Expect.check(out, 0.01, first.swap(), row.swapped(), name + " swapped vs smaps Swap");
        if (region.views().length == 0) {
            residentAgrees(out, name, first.rss(), row.resident(), "smaps Rss");
        } else {
            // Multi-mapped (JDK 17's ZGC): physical pages once, every view's Rss accounted for.
            Expect.check(out, 0.01, Totals.smapsOfEveryView(kernel, region).rss(), row.resident() + extraViews,
                    name + " resident + extra views vs smaps Rss of all views");
            if (row.resident() < first.rss()) {
                out.add(name + " resident " + row.resident() + " below the first view's Rss " + first.rss());
            }
        }
    }
}
