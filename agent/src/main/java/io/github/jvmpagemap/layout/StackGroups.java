package io.github.jvmpagemap.layout;

import java.util.Arrays;
import java.util.List;

/**
 * The thread stacks of a row grouped by thread name, digits collapsed
 * ({@code http-nio-8080-exec-#}): each stack mapping's range and group, sorted by address, and
 * each group's name and number of live threads. A thousand threads make a few groups, and the
 * figures are published per group, never per thread.
 */
public final class StackGroups {
    /** The group of stacks glibc keeps for reuse after their threads ended. */
    public static final String ENDED = "(stacks of ended threads)";
    public static final StackGroups NONE = new StackGroups(new long[0], new long[0], new int[0], List.of(), new int[0]);

    private final long[] starts;
    private final long[] ends;
    private final int[] groupOf;
    private final List<String> names;
    private final int[] threads;

    public StackGroups(long[] starts, long[] ends, int[] groupOf, List<String> names, int[] threads) {
        this.starts = starts;
        this.ends = ends;
        this.groupOf = groupOf;
        this.names = List.copyOf(names);
        this.threads = threads.clone();
    }

    /**
     * A thread's name with the digits it ends with collapsed to {@code #}: {@code GC Thread#3} is
     * {@code GC Thread#}, {@code http-nio-8080-exec-12} is {@code http-nio-8080-exec-#}; digits
     * elsewhere stay ({@code G1 Main Marker}).
     */
    public static String collapse(String name) {
        int start = name.length();
        while (start > 0 && Character.isDigit(name.charAt(start - 1))) {
            start--;
        }
        if (start == name.length()) {
            return name;
        }
        return name.substring(0, start) + (start > 0 && name.charAt(start - 1) == '#' ? "" : "#");
    }

    public int count() {
        return names.size();
    }

    public String name(int group) {
        return names.get(group);
    }

    /** Live threads whose stacks are in the group. */
    public int threads(int group) {
        return threads[group];
    }

    /** The group of the stack that holds {@code address}, or -1. */
    public int groupAt(long address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && address < ends[i] ? groupOf[i] : -1;
    }
}
