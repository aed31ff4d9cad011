package io.github.jvmpagemap.jmc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrAttributes;
import org.openjdk.jmc.flightrecorder.jdk.JdkAttributes;
import org.openjdk.jmc.flightrecorder.jdk.JdkTypeIDs;

/**
 * What the JDK's own events in a recording say about the JVM: the flags given on its command
 * line ({@code jdk.JVMInformation}, {@code jdk.BooleanFlag}), and its heap use and pauses at
 * each GC ({@code jdk.GCHeapSummary}, {@code jdk.GarbageCollection}).
 */
final class JvmFacts {
    /** Flag origins that mean a person set the flag, not the JVM. */
    static final Set<String> USER_ORIGINS = Set.of("Command line", "Environment variable", "Config file",
            "Management", "Attach on demand");
    static final String AFTER_GC = "After GC";

    /** The heap's use at one GC, before or after it. */
    record HeapUse(long time, boolean afterGc, long used) {
    }

    /** One GC's longest pause, in nanoseconds. */
    record Pause(long time, long longestNanos) {
    }

    private final List<String> jvmArguments;
    private final List<FlagValue> flags;
    private final List<HeapUse> heapUses;
    private final List<Pause> pauses;

    private record FlagValue(String name, boolean value, String origin) {
    }

    private JvmFacts(List<String> jvmArguments, List<FlagValue> flags, List<HeapUse> heapUses, List<Pause> pauses) {
        this.jvmArguments = jvmArguments;
        this.flags = flags;
        this.heapUses = heapUses;
        this.pauses = pauses;
    }

    static JvmFacts of(IItemCollection items) {
        List<String> arguments = new ArrayList<>();
        for (IItemIterable events : items.apply(ItemFilters.type(JdkTypeIDs.VM_INFO))) {
            IMemberAccessor<String, IItem> args = JdkAttributes.JVM_ARGUMENTS.getAccessor(events.getType());
            for (IItem e : events) {
                String line = args == null ? null : args.getMember(e);
                if (line != null && arguments.isEmpty()) {
                    arguments.addAll(List.of(line.trim().split("\\s+")));
                }
            }
        }
        List<FlagValue> flags = new ArrayList<>();
        for (IItemIterable events : items.apply(ItemFilters.type(JdkTypeIDs.BOOLEAN_FLAG))) {
            IType<IItem> type = events.getType();
            IMemberAccessor<String, IItem> name = JdkAttributes.FLAG_NAME.getAccessor(type);
            IMemberAccessor<Boolean, IItem> value = JdkAttributes.FLAG_VALUE_BOOLEAN.getAccessor(type);
            IMemberAccessor<String, IItem> origin = JdkAttributes.FLAG_ORIGIN.getAccessor(type);
            if (name == null || value == null) {
                continue;
            }
            for (IItem e : events) {
                Boolean v = value.getMember(e);
                flags.add(new FlagValue(name.getMember(e), v != null && v, origin == null ? "" : origin.getMember(e)));
            }
        }
        List<HeapUse> heapUses = new ArrayList<>();
        for (IItemIterable events : items.apply(ItemFilters.type(JdkTypeIDs.HEAP_SUMMARY))) {
            IType<IItem> type = events.getType();
            IMemberAccessor<IQuantity, IItem> used = JdkAttributes.HEAP_USED.getAccessor(type);
            IMemberAccessor<String, IItem> when = JdkAttributes.GC_WHEN.getAccessor(type);
            if (used == null) {
                continue;
            }
            for (IItem e : events) {
                heapUses.add(new HeapUse(endTime(type, e), when != null && AFTER_GC.equals(when.getMember(e)),
                        used.getMember(e).clampedLongValueIn(UnitLookup.BYTE)));
            }
        }
        heapUses.sort(Comparator.comparingLong(HeapUse::time));
        List<Pause> pauses = new ArrayList<>();
        for (IItemIterable events : items.apply(ItemFilters.type(JdkTypeIDs.GARBAGE_COLLECTION))) {
            IType<IItem> type = events.getType();
            IMemberAccessor<IQuantity, IItem> longest = JdkAttributes.GC_LONGEST_PAUSE.getAccessor(type);
            if (longest == null) {
                continue;
            }
            for (IItem e : events) {
                pauses.add(new Pause(endTime(type, e), longest.getMember(e).clampedLongValueIn(UnitLookup.NANOSECOND)));
            }
        }
        pauses.sort(Comparator.comparingLong(Pause::time));
        return new JvmFacts(List.copyOf(arguments), List.copyOf(flags), List.copyOf(heapUses), List.copyOf(pauses));
    }

    /** Whether the recording says anything about the JVM's flags. */
    boolean knowsFlags() {
        return !jvmArguments.isEmpty() || !flags.isEmpty();
    }

    /**
     * Whether a person turned the boolean flag on: its last {@code -XX:+Name} or {@code -XX:-Name}
     * among the JVM's arguments, else the flag's value where its origin says a person set it.
     * The flag's current value alone says nothing: the JVM turns some flags off by itself.
     */
    boolean askedFor(String flag) {
        for (int i = jvmArguments.size() - 1; i >= 0; i--) {
            String a = jvmArguments.get(i);
            if (a.equals("-XX:+" + flag)) {
                return true;
            }
            if (a.equals("-XX:-" + flag)) {
                return false;
            }
        }
        return flags.stream().anyMatch(f -> f.name.equals(flag) && f.value && USER_ORIGINS.contains(f.origin));
    }

    /** The flag's value as the JVM last reported it, if the recording has the flag's event. */
    Optional<Boolean> value(String flag) {
        Boolean last = null;
        for (FlagValue f : flags) {
            if (flag.equals(f.name)) {
                last = f.value;
            }
        }
        return Optional.ofNullable(last);
    }

    List<HeapUse> heapUses() {
        return heapUses;
    }

    List<Pause> pauses() {
        return pauses;
    }

    private static long endTime(IType<IItem> type, IItem item) {
        IMemberAccessor<IQuantity, IItem> end = JfrAttributes.END_TIME.getAccessor(type);
        IQuantity q = end == null ? null : end.getMember(item);
        return q == null ? -1 : q.clampedLongValueIn(UnitLookup.EPOCH_MS);
    }
}
