package io.github.jvmpagemap.jmc;

import io.github.jvmpagemap.jmc.Residency.Row;
import io.github.jvmpagemap.rows.RowNames;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;

/**
 * Huge pages asked for on the command line ({@code -XX:+UseTransparentHugePages} or
 * {@code -XX:+UseLargePages}) while little of the heap's resident memory is on huge pages, with
 * the likely cause. Whether they were asked for comes from the JVM's arguments or the flag's
 * origin, not its value: the JVM turns the flag off by itself where the kernel will not help.
 */
public final class HugePagesNotGivenRule extends PagemapRule {
    static final String THP = "UseTransparentHugePages";
    static final String LARGE_PAGES = "UseLargePages";
    /** Share of the heap's resident bytes on huge pages below which the rule informs. */
    static final double INFO_BELOW = 0.5;
    /** Share of the heap's resident bytes on huge pages below which the rule warns. */
    static final double WARNING_BELOW = 0.1;

    public static final TypedResult<IQuantity> HUGE_PAGE_SHARE = new TypedResult<>("hugePageShare",
            "Huge Page Share", "The heap's resident bytes on huge pages at the last scan, as a share of its resident"
                    + " bytes", UnitLookup.PERCENTAGE, IQuantity.class);

    public HugePagesNotGivenRule() {
        super("JvmPagemapHugePagesNotGiven", "Huge Pages Asked For but Not Given", HUGE_PAGE_SHARE);
    }

    @Override
    protected IResult getResult(IItemCollection items, IPreferenceValueProvider preferences,
            IResultValueProvider dependencies) {
        JvmFacts jvm = JvmFacts.of(items);
        if (!jvm.knowsFlags()) {
            return withoutFlags(preferences, "whether huge pages were asked for");
        }
        boolean thp = jvm.askedFor(THP);
        boolean largePages = jvm.askedFor(LARGE_PAGES);
        if (!thp && !largePages) {
            return scored(preferences, 0, "No huge pages were asked for.", "The JVM ran with neither -XX:+"
                    + THP + " nor -XX:+" + LARGE_PAGES + ".", null).build();
        }
        List<Row> heap = Residency.of(items).region(RowNames.JAVA_HEAP);
        Optional<Row> last = heap.stream().filter(r -> r.hugePage() >= 0 && r.resident() > 0)
                .reduce((a, b) -> b);
        if (last.isEmpty()) {
            return notApplicable(preferences, "The agent did not measure the heap's huge pages in this recording.");
        }
        Row row = last.get();
        double share = (double) row.hugePage() / row.resident();
        String asked = "-XX:+" + (thp ? THP : LARGE_PAGES);
        double score = Score.of(1 - share, 1 - INFO_BELOW, 1 - WARNING_BELOW);
        if (share >= INFO_BELOW) {
            return scored(preferences, score, percent(share) + " of the heap's resident memory is on huge pages, as "
                    + asked + " asked.", "At the last scan " + bytes(row.hugePage()) + " of the heap's "
                    + bytes(row.resident()) + " resident were on huge pages.", null)
                    .addResult(HUGE_PAGE_SHARE, UnitLookup.PERCENT_UNITY.quantity(share)).build();
        }
        String summary = asked + " was given, but " + percent(share) + " of the heap's resident memory ("
                + bytes(row.hugePage()) + " of " + bytes(row.resident()) + ") is on huge pages.";
        String explanation = "Huge pages cut the cost of address translation for a large heap: one TLB entry covers"
                + " 2 MiB instead of 4 KiB. The command line asked for them with " + asked + ", yet at the last scan ("
                + time(row.scanTime()) + ") the heap was almost all on base pages. " + cause(jvm, thp);
        String solution = thp
                ? "Set /sys/kernel/mm/transparent_hugepage/enabled to madvise (or always) so the JVM can use them,"
                        + " and defrag to madvise or defer+madvise so a fault on the heap compacts memory for a huge"
                        + " page; start the JVM before memory is fragmented, or give it its heap at start-up"
                        + " (-Xms equal to -Xmx with -XX:+AlwaysPreTouch) while 2 MiB blocks are free."
                : "Reserve enough huge pages for the whole heap before the JVM starts (vm.nr_hugepages, in pages of"
                        + " the default huge page size, or hugepages= on the kernel command line) and let the JVM's"
                        + " user map them; or use -XX:+UseTransparentHugePages instead.";
        return scored(preferences, score, summary, explanation, solution)
                .addResult(HUGE_PAGE_SHARE, UnitLookup.PERCENT_UNITY.quantity(share)).build();
    }

    /** The likely cause, from what the JVM did with the flag. */
    private static String cause(JvmFacts jvm, boolean thp) {
        String flag = thp ? THP : LARGE_PAGES;
        Optional<Boolean> value = jvm.value(flag);
        if (thp && value.isPresent() && !value.get()) {
            return "The JVM turned " + THP + " off at start-up: it does that when the kernel's transparent huge"
                    + " page mode (/sys/kernel/mm/transparent_hugepage/enabled) is never, or when the kernel has no"
                    + " transparent huge pages at all, and says so in a [pagesize] warning.";
        }
        if (thp) {
            return "The JVM kept " + THP + " on and marks the heap for huge pages (madvise), so the kernel"
                    + " declined them: most often its defrag setting (/sys/kernel/mm/transparent_hugepage/defrag) is"
                    + " never or defer, so a page fault takes a base page when no free 2 MiB block is at hand, and"
                    + " physical memory fragmented by a long uptime has few such blocks; khugepaged collapses base"
                    + " pages into huge ones later, slowly. A transparent huge page mode of never also gives none"
                    + " on JDKs that keep the flag on.";
        }
        if (value.isPresent() && !value.get()) {
            return "The JVM turned " + LARGE_PAGES + " off at start-up: it found no huge pages reserved for it"
                    + " (vm.nr_hugepages too small for the heap, or none of the huge page size it wanted) and fell back"
                    + " to base pages, with a warning at start-up.";
        }
        return "The JVM kept " + LARGE_PAGES + " on, so the kernel's pool of reserved huge pages"
                + " (vm.nr_hugepages) was likely exhausted part way and the rest of the heap fell back to base pages.";
    }
}
