package io.github.jvmpagemap.jmc;

import io.github.jvmpagemap.jmc.JvmFacts.HeapUse;
import io.github.jvmpagemap.jmc.Residency.Row;
import io.github.jvmpagemap.rows.RowNames;
import java.util.List;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;

/**
 * Touched once, never again: a heap made resident at start-up by {@code -XX:+AlwaysPreTouch}
 * that dwarfs what the application uses. What it uses is the most the heap held, by the JVM's
 * own GC summaries or, for G1, the resident bytes of its regions in use (all but the free ones).
 */
public final class PreTouchedHeapRule extends PagemapRule {
    static final String ALWAYS_PRE_TOUCH = "AlwaysPreTouch";
    /** The first scan must find this share of the committed heap resident to call it pre-touched. */
    static final double TOUCHED_SHARE = 0.9;
    /** Less than this touched beyond the use is never a finding. */
    static final long MIN_EXCESS = 256L << 20;
    /** Pre-touched bytes per byte used: informs, warns. */
    static final double INFO_RATIO = 3;
    static final double WARNING_RATIO = 6;

    public static final TypedResult<IQuantity> PRE_TOUCHED = new TypedResult<>("preTouched", "Pre-Touched",
            "The heap's resident bytes at the first scan", UnitLookup.MEMORY, IQuantity.class);
    public static final TypedResult<IQuantity> USED = new TypedResult<>("used", "Used",
            "The most of the heap the application used", UnitLookup.MEMORY, IQuantity.class);

    public PreTouchedHeapRule() {
        super("JvmPagemapPreTouchedHeap", "Heap Touched Once, Never Again", PRE_TOUCHED, USED);
    }

    @Override
    protected IResult getResult(IItemCollection items, IPreferenceValueProvider preferences,
            IResultValueProvider dependencies) {
        JvmFacts jvm = JvmFacts.of(items);
        if (!jvm.knowsFlags()) {
            return withoutFlags(preferences, "whether the heap was pre-touched");
        }
        boolean preTouch = jvm.askedFor(ALWAYS_PRE_TOUCH) || jvm.value(ALWAYS_PRE_TOUCH).orElse(false);
        if (!preTouch) {
            return scored(preferences, 0, "The heap was not pre-touched.", "The JVM ran without -XX:+"
                    + ALWAYS_PRE_TOUCH + ": its heap becomes resident as the application writes it.", null).build();
        }
        Residency residency = Residency.of(items);
        List<Row> heap = residency.region(RowNames.JAVA_HEAP);
        if (heap.isEmpty()) {
            return notApplicable(preferences, "The recording has no jvm-pagemap events for the Java heap.");
        }
        Row first = heap.get(0);
        long used = Math.max(jvm.heapUses().stream().mapToLong(HeapUse::used).max().orElse(-1), inUse(residency, heap));
        if (used <= 0) {
            return notApplicable(preferences, "The recording has neither GC heap summaries (jdk.GCHeapSummary) nor"
                    + " G1's region rows, so it does not say how much of the heap the application used.");
        }
        long touched = first.resident();
        boolean wasTouched = first.committed() > 0 && touched >= TOUCHED_SHARE * first.committed();
        double ratio = (double) touched / used;
        double score = wasTouched && touched - used >= MIN_EXCESS ? Score.of(ratio, INFO_RATIO, WARNING_RATIO) : 0;
        if (score < Score.INFO) {
            return scored(preferences, score, "The pre-touched heap is in proportion to its use.", "The heap was "
                    + bytes(touched) + " resident at the first scan and the application used up to " + bytes(used)
                    + ".", null).addResult(PRE_TOUCHED, UnitLookup.BYTE.quantity(touched))
                    .addResult(USED, UnitLookup.BYTE.quantity(used)).build();
        }
        String summary = "-XX:+" + ALWAYS_PRE_TOUCH + " made " + bytes(touched) + " of heap resident, "
                + String.format(java.util.Locale.ROOT, "%.1f", ratio) + " times the " + bytes(used)
                + " the application used.";
        String explanation = "With -XX:+" + ALWAYS_PRE_TOUCH + " the JVM writes every page of the committed heap at"
                + " start-up, so all of it is in RAM before the application runs: at the first scan ("
                + time(first.scanTime()) + ") " + bytes(touched) + " of the heap's " + bytes(first.committed())
                + " committed was resident. The application never used more than " + bytes(used)
                + " of it in this recording; the rest was touched once and never again, RAM the machine cannot give"
                + " to anything else, and it makes the JVM slower to start.";
        String solution = "Size the heap to the application: lower -Xms and -Xmx towards the live data plus"
                + " headroom, or drop -XX:+" + ALWAYS_PRE_TOUCH + " so the heap becomes resident as it is used."
                + " Keep pre-touch only where the first requests must not pay for page faults and the heap is"
                + " sized to be filled.";
        return scored(preferences, score, summary, explanation, solution)
                .addResult(PRE_TOUCHED, UnitLookup.BYTE.quantity(touched)).addResult(USED, UnitLookup.BYTE.quantity(used))
                .build();
    }

    /** The most resident bytes in G1's regions in use (the heap's less its free regions), or -1 if not G1. */
    private static long inUse(Residency residency, List<Row> heap) {
        long most = -1;
        for (Row r : heap) {
            long free = residency.subRegionAt(r, RowNames.G1_FREE).map(Row::resident).orElse(-1L);
            if (free >= 0) {
                most = Math.max(most, r.resident() - free);
            }
        }
        return most;
    }
}
