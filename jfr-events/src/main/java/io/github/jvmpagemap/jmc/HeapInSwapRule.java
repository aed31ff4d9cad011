package io.github.jvmpagemap.jmc;

import io.github.jvmpagemap.jmc.JvmFacts.Pause;
import io.github.jvmpagemap.jmc.Residency.Row;
import io.github.jvmpagemap.rows.RowNames;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmc.common.IDisplayable;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;

/**
 * Part of the Java heap, metaspace or code cache was in swap during the recording: how much (the
 * peak, against the region's committed size), when it was first and most swapped, and what a GC
 * that must touch those pages pays.
 */
public final class HeapInSwapRule extends PagemapRule {
    /** The JVM regions whose pages a GC or the interpreter must touch again, in the order reported. */
    static final List<String> WORKING = List.of(RowNames.JAVA_HEAP, RowNames.METASPACE, RowNames.CLASS_SPACE,
            RowNames.CODE_CACHE);
    /** Swapped share of a region's committed bytes at which the rule informs. */
    static final double INFO_SHARE = 0.01;
    /** Swapped share of a region's committed bytes at which the rule warns. */
    static final double WARNING_SHARE = 0.10;
    static final long PAGE = 4096;

    public static final TypedResult<IQuantity> SWAPPED = new TypedResult<>("swapped", "Swapped",
            "The most bytes of the worst region in swap at one scan", UnitLookup.MEMORY, IQuantity.class);
    public static final TypedResult<String> REGION = new TypedResult<>("region", "Region",
            "The region with the largest swapped share", UnitLookup.PLAIN_TEXT, String.class);

    public HeapInSwapRule() {
        super("JvmPagemapHeapInSwap", "JVM Memory in Swap", SWAPPED, REGION);
    }

    private record Peak(Row first, Row most, double share) {
    }

    @Override
    protected IResult getResult(IItemCollection items, IPreferenceValueProvider preferences,
            IResultValueProvider dependencies) {
        Residency residency = Residency.of(items);
        if (residency.isEmpty()) {
            return notApplicable(preferences, "The recording has no jvm-pagemap region events.");
        }
        Peak worst = null;
        for (String region : WORKING) {
            Optional<Peak> peak = peak(residency.region(region));
            if (peak.isPresent() && (worst == null || peak.get().share > worst.share)) {
                worst = peak.get();
            }
        }
        if (worst == null) {
            return scored(preferences, 0, "No page of the Java heap, metaspace or code cache was in swap.",
                    "At every scan of the recording the agent found no swapped page in the JVM's heap, metaspace or"
                            + " code cache.", null).build();
        }
        Row most = worst.most;
        double score = Score.of(worst.share, INFO_SHARE, WARNING_SHARE);
        String region = most.region();
        String summary = bytes(most.swapped()) + " of the " + region + " (" + percent(worst.share) + " of its "
                + bytes(most.committed()) + " committed) was in swap.";
        String when = worst.first.scanTime() == most.scanTime() ? " had the most pages in swap at "
                + time(most.scanTime()) : " had pages in swap from " + time(worst.first.scanTime()) + " on, the most at "
                + time(most.scanTime());
        String explanation = "The " + region + when + ": " + bytes(most.swapped()) + ", that is "
                + most.swapped() / PAGE + " pages of 4 KiB. The JVM does not know its memory is in swap: a GC that"
                + " touches those pages " + (region.equals(RowNames.JAVA_HEAP)
                        ? "(a full GC or the old generation's marking reads every live object; a young GC copies what"
                                + " survives)"
                        : "(GCs walk class metadata and compiled code for roots and to unload classes)")
                + " stalls on a major page fault for each, one read from the swap device at a time, and an"
                + " application thread that reads them waits the same way. "
                + pauses(items, worst.first.scanTime()) + " A heap in swap usually means the machine ran short of"
                + " RAM: the kernel reclaims a process's pages when it, or the process's cgroup, is at its memory limit.";
        String solution = "Give the JVM the RAM it uses: lower -Xmx (and -XX:MaxMetaspaceSize) to fit the memory"
                + " left beside other processes, raise the container's or cgroup's memory limit, or stop the swapping"
                + " for this process (memory.swap.max=0 in its cgroup, or a lower vm.swappiness). A heap that must"
                + " stay in RAM can live on hugetlbfs pages (-XX:+UseLargePages with vm.nr_hugepages reserved),"
                + " which the kernel never swaps.";
        return scored(preferences, score, summary, explanation, solution)
                .addResult(SWAPPED, UnitLookup.BYTE.quantity(most.swapped())).addResult(REGION, region).build();
    }

    /** The first swapped scan and the scan with the most swapped (the largest share at a tie). */
    private static Optional<Peak> peak(List<Row> rows) {
        Row first = null;
        Row most = null;
        for (Row r : rows) {
            if (r.swapped() > 0 && r.committed() > 0) {
                if (first == null) {
                    first = r;
                }
                if (most == null || r.swapped() > most.swapped()) {
                    most = r;
                }
            }
        }
        return most == null ? Optional.empty()
                : Optional.of(new Peak(first, most, (double) most.swapped() / most.committed()));
    }

    /** What GC pauses measured while the JVM's memory was in swap, against those before. */
    private static String pauses(IItemCollection items, long swappedSince) {
        List<Pause> pauses = JvmFacts.of(items).pauses();
        if (pauses.isEmpty()) {
            return "The recording has no GC (jdk.GarbageCollection) to show what that cost here.";
        }
        long before = pauses.stream().filter(p -> p.time() < swappedSince).mapToLong(Pause::longestNanos).max()
                .orElse(-1);
        long during = pauses.stream().filter(p -> p.time() >= swappedSince).mapToLong(Pause::longestNanos).max()
                .orElse(-1);
        if (during < 0) {
            return "No GC ran after the pages went to swap, so no pause here paid for it yet.";
        }
        return "The longest GC pause after the pages went to swap was " + millis(during)
                + (before < 0 ? "." : ", against " + millis(before) + " before.");
    }

    private static String millis(long nanos) {
        return UnitLookup.NANOSECOND.quantity(nanos).displayUsing(IDisplayable.AUTO);
    }
}
