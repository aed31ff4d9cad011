package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.StackGroups;
import io.github.jvmpagemap.scan.RunState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A scan's thread-stack pages by group of thread names ({@link StackGroups}), counted as the row
 * that holds the stacks is walked: a thousand threads make a few groups, and only the
 * {@link ThreadStackGroup#LARGEST largest} are published. The counts are reused from scan to scan,
 * and so is the list published while the groups and their counts stay as they were.
 */
final class StackTally {
    private final long pageSize;
    private StackGroups groups = StackGroups.NONE;
    private long[] present = new long[0];
    private long[] swapped = new long[0];
    /** The latest list made, and the groups and counts it was made of. */
    private List<ThreadStackGroup> largest = List.of();
    private StackGroups largestOf;
    private long[] presentThen = new long[0];
    private long[] swappedThen = new long[0];

    StackTally(long pageSize) {
        this.pageSize = pageSize;
    }

    /** Counts for {@code groups} from now on, from zero ({@link StackGroups#NONE} at the start of a scan). */
    void start(StackGroups groups) {
        this.groups = groups;
        if (present.length < groups.count()) {
            present = new long[groups.count()];
            swapped = new long[groups.count()];
        }
        Arrays.fill(present, 0);
        Arrays.fill(swapped, 0);
    }

    /** Pages [from, to) of the row that holds the stacks are in {@code state}. */
    void run(long from, long to, long state) {
        int g = groups.groupAt(from);
        if (g < 0 || RunState.is(state, RunState.UNREADABLE)) {
            return;
        }
        if (RunState.is(state, RunState.PRESENT)) {
            present[g] += (to - from) / pageSize;
        } else if (RunState.is(state, RunState.SWAPPED)) {
            swapped[g] += (to - from) / pageSize;
        }
    }

    /** The largest groups by resident bytes, largest first, ties by name. */
    List<ThreadStackGroup> largest() {
        int n = groups.count();
        if (groups == largestOf && Arrays.equals(present, 0, n, presentThen, 0, n)
                && Arrays.equals(swapped, 0, n, swappedThen, 0, n)) {
            return largest;
        }
        largestOf = groups;
        presentThen = Arrays.copyOf(present, n);
        swappedThen = Arrays.copyOf(swapped, n);
        List<ThreadStackGroup> all = new ArrayList<>(groups.count());
        for (int g = 0; g < groups.count(); g++) {
            all.add(new ThreadStackGroup(groups.name(g), groups.threads(g), present[g] * pageSize,
                    swapped[g] * pageSize));
        }
        all.sort(Comparator.comparingLong(ThreadStackGroup::residentBytes).reversed()
                .thenComparing(ThreadStackGroup::group));
        largest = List.copyOf(all.subList(0, Math.min(all.size(), ThreadStackGroup.LARGEST)));
        return largest;
    }
}
