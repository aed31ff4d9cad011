package io.github.jvmpagemap.jmc;

import io.github.jvmpagemap.jmc.JvmFacts.HeapUse;
import io.github.jvmpagemap.jmc.Residency.Row;
import io.github.jvmpagemap.jmc.Residency.Scan;
import io.github.jvmpagemap.rows.RowNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;

/**
 * Resident memory that holds nothing the application uses: G1's free regions still resident; a
 * heap resident far above its used size after a GC; resident memory outside every JVM region
 * that grows over the recording. Committed memory never touched costs no RAM and is not counted.
 */
public final class HeldNotUsedRule extends PagemapRule {
    /** Less than this held and not used is never a finding, whatever its share. */
    static final long MIN_BYTES = 64L << 20;
    /** G1 free regions' resident bytes, as a share of the heap's committed bytes: informs, warns. */
    static final double FREE_INFO_SHARE = 0.25;
    static final double FREE_WARNING_SHARE = 0.5;
    /** The heap's resident bytes above its used bytes after a GC, as a share of resident: informs, warns. */
    static final double EXCESS_INFO_SHARE = 0.5;
    static final double EXCESS_WARNING_SHARE = 0.75;
    /** Growth of the resident memory outside the JVM's regions, as a share of where it began: informs, warns. */
    static final double GROWTH_INFO_SHARE = 0.25;
    static final double GROWTH_WARNING_SHARE = 1.0;

    public static final TypedResult<IQuantity> FREE_RESIDENT = new TypedResult<>("freeResident",
            "Free Regions Resident", "The most resident bytes in G1's free regions at one scan", UnitLookup.MEMORY,
            IQuantity.class);
    public static final TypedResult<IQuantity> OUTSIDE_GROWTH = new TypedResult<>("outsideGrowth",
            "Growth Outside the JVM", "How much the resident memory outside every JVM region grew over the recording",
            UnitLookup.MEMORY, IQuantity.class);

    public HeldNotUsedRule() {
        super("JvmPagemapHeldNotUsed", "Memory Held but Not Used", FREE_RESIDENT, OUTSIDE_GROWTH);
    }

    static final String HEAP_ACTION = "Let the heap shrink when idle (-XX:G1PeriodicGCInterval,"
            + " -XX:MaxHeapFreeRatio and -XX:MinHeapFreeRatio, or a smaller -Xms), size -Xmx to the live data plus"
            + " headroom, and drop -XX:+AlwaysPreTouch where the heap is larger than the application needs.";
    static final String NATIVE_ACTION = "Follow the growing memory with Native Memory Tracking"
            + " (-XX:NativeMemoryTracking=summary, then jcmd <pid> VM.native_memory baseline and later"
            + " VM.native_memory summary.diff) to find what allocates it.";

    private record Finding(double score, String summary, String explanation, String action) {
    }

    @Override
    protected IResult getResult(IItemCollection items, IPreferenceValueProvider preferences,
            IResultValueProvider dependencies) {
        Residency residency = Residency.of(items);
        List<Row> heap = residency.region(RowNames.JAVA_HEAP);
        if (heap.isEmpty()) {
            return notApplicable(preferences, "The recording has no jvm-pagemap events for the Java heap.");
        }
        Optional<Row> free = residency.subRegion(RowNames.JAVA_HEAP, RowNames.G1_FREE).stream()
                .max(Comparator.comparingLong(Row::resident));
        long freeResident = free.map(Row::resident).orElse(0L);
        Growth growth = Growth.of(residency);
        List<Finding> findings = new ArrayList<>();
        free.flatMap(f -> freeRegions(residency, f)).ifPresent(findings::add);
        afterGc(heap, JvmFacts.of(items).heapUses()).ifPresent(findings::add);
        growth.finding().ifPresent(findings::add);
        findings.sort(Comparator.comparingDouble(Finding::score).reversed());
        if (findings.isEmpty()) {
            return scored(preferences, 0, "No large amount of resident memory sits unused.",
                    "G1's free regions, the heap after each GC and the memory outside the JVM's regions stayed below"
                            + " the rule's limits.", null)
                    .addResult(FREE_RESIDENT, UnitLookup.BYTE.quantity(freeResident))
                    .addResult(OUTSIDE_GROWTH, UnitLookup.BYTE.quantity(growth.grown)).build();
        }
        StringBuilder explanation = new StringBuilder();
        for (Finding f : findings) {
            explanation.append(f.explanation).append(' ');
        }
        explanation.append("Resident memory that holds nothing is RAM other processes cannot have, and it counts"
                + " against a container's memory limit.");
        String solution = String.join(" ", findings.stream().map(Finding::action).distinct().toList());
        return scored(preferences, findings.get(0).score, findings.get(0).summary, explanation.toString().trim(),
                solution).addResult(FREE_RESIDENT, UnitLookup.BYTE.quantity(freeResident))
                .addResult(OUTSIDE_GROWTH, UnitLookup.BYTE.quantity(growth.grown)).build();
    }

    private static Optional<Finding> freeRegions(Residency residency, Row free) {
        Optional<Row> heapRow = residency.region(RowNames.JAVA_HEAP).stream()
                .filter(r -> r.scanTime() == free.scanTime()).findFirst();
        if (free.resident() < MIN_BYTES || heapRow.isEmpty() || heapRow.get().committed() <= 0) {
            return Optional.empty();
        }
        double share = (double) free.resident() / heapRow.get().committed();
        double score = Score.of(share, FREE_INFO_SHARE, FREE_WARNING_SHARE);
        if (score < Score.INFO) {
            return Optional.empty();
        }
        return Optional.of(new Finding(score, bytes(free.resident()) + " of G1's free heap regions is resident ("
                + percent(share) + " of the heap's " + bytes(heapRow.get().committed()) + " committed).",
                "At " + time(free.scanTime()) + " G1's free regions, which hold no object, had " + bytes(free.resident())
                        + " in RAM: pages written once (by allocation before a GC emptied the region, or by"
                        + " pre-touching) that G1 keeps committed until it shrinks the heap.", HEAP_ACTION));
    }

    /** The first scan after each GC against the heap's used bytes after that GC. */
    private static Optional<Finding> afterGc(List<Row> heap, List<HeapUse> uses) {
        Finding worst = null;
        for (int i = 0; i < uses.size(); i++) {
            HeapUse use = uses.get(i);
            if (!use.afterGc()) {
                continue;
            }
            long nextGc = uses.subList(i + 1, uses.size()).stream().mapToLong(HeapUse::time).min()
                    .orElse(Long.MAX_VALUE);
            Optional<Row> scan = heap.stream().filter(r -> r.scanTime() >= use.time() && r.scanTime() < nextGc)
                    .findFirst();
            if (scan.isEmpty() || scan.get().resident() - use.used() < MIN_BYTES) {
                continue;
            }
            Row r = scan.get();
            double share = (double) (r.resident() - use.used()) / r.resident();
            double score = Score.of(share, EXCESS_INFO_SHARE, EXCESS_WARNING_SHARE);
            if (score >= Score.INFO && (worst == null || score > worst.score)) {
                worst = new Finding(score, "After a GC the heap had " + bytes(r.resident()) + " resident for "
                        + bytes(use.used()) + " used.", "After the GC at " + time(use.time()) + " the heap held "
                        + bytes(use.used()) + " of objects while " + bytes(r.resident()) + " of it was resident at the"
                        + " next scan (" + time(r.scanTime()) + "): " + bytes(r.resident() - use.used())
                        + " of RAM held by emptied heap space.", HEAP_ACTION);
            }
        }
        return Optional.ofNullable(worst);
    }

    /**
     * Resident memory outside the JVM's regions, first scan against last: the process categories'
     * rows where the recording has them, else each scan's unattributed bytes.
     */
    private record Growth(long grown, long first, long last, String what, long from, long to) {
        static Growth of(Residency residency) {
            Map<String, List<Row>> categories = new LinkedHashMap<>();
            for (String c : residency.processCategories()) {
                List<Row> rows = residency.region(c).stream().filter(r -> r.resident() >= 0).toList();
                if (rows.size() >= 2) {
                    categories.put(c, rows);
                }
            }
            if (!categories.isEmpty()) {
                long first = 0;
                long last = 0;
                String most = null;
                long mostGrowth = Long.MIN_VALUE;
                for (Map.Entry<String, List<Row>> e : categories.entrySet()) {
                    List<Row> rows = e.getValue();
                    long g = rows.get(rows.size() - 1).resident() - rows.get(0).resident();
                    first += rows.get(0).resident();
                    last += rows.get(rows.size() - 1).resident();
                    if (g > mostGrowth) {
                        mostGrowth = g;
                        most = e.getKey();
                    }
                }
                List<Row> any = categories.values().iterator().next();
                return new Growth(last - first, first, last, "the process categories (most of it " + most + ")",
                        any.get(0).scanTime(), any.get(any.size() - 1).scanTime());
            }
            List<Scan> scans = residency.scans().stream().filter(s -> s.unattributed() >= 0).toList();
            if (scans.size() < 2) {
                return new Growth(0, 0, 0, "", -1, -1);
            }
            Scan first = scans.get(0);
            Scan last = scans.get(scans.size() - 1);
            return new Growth(last.unattributed() - first.unattributed(), first.unattributed(), last.unattributed(),
                    "the memory no JVM region explains", first.scanTime(), last.scanTime());
        }

        Optional<Finding> finding() {
            if (grown < MIN_BYTES || first <= 0) {
                return Optional.empty();
            }
            double share = (double) grown / first;
            double score = Score.of(share, GROWTH_INFO_SHARE, GROWTH_WARNING_SHARE);
            if (score < Score.INFO) {
                return Optional.empty();
            }
            return Optional.of(new Finding(score, "Resident memory outside the JVM's regions grew by " + bytes(grown)
                    + " over the recording.", "Outside the heap and the JVM's other regions, " + what + " grew from "
                    + bytes(first) + " at " + time(from) + " to " + bytes(last) + " at " + time(to) + ". Memory that"
                    + " keeps growing there is often a native leak (direct buffers, JNI, malloc arenas) or thread"
                    + " stacks of threads that are never ended.", NATIVE_ACTION));
        }
    }
}
