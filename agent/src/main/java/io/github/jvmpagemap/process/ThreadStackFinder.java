package io.github.jvmpagemap.process;

import io.github.jvmpagemap.layout.StackGroups;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcessThreads;
import io.github.jvmpagemap.proc.ThreadNames;
import io.github.jvmpagemap.rows.RowNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which mappings are threads' stacks, and whose: the mapping each thread's stack pointer lies in
 * ({@link ProcessThreads}), with the guard pages just below it (up to {@link #MAX_GUARD}), and
 * the process's {@code [stack]}. A stack of a thread that ended stays one while its mapping keeps
 * its bounds (glibc keeps stacks for reuse). A stack is a Java thread's when the thread's name is
 * a live Java thread's as the kernel keeps it ({@link ThreadNames}), or is the process's own name (the
 * launcher's thread that runs {@code main}); else the JVM's own (GC, compiler, VM thread). Stacks
 * are grouped by thread name, the number it ends with collapsed ({@link StackGroups}).
 */
final class ThreadStackFinder {
    /** A Java thread's stack. */
    static final int JAVA_STACK = 0;
    /** A stack of one of the JVM's own threads. */
    static final int JVM_STACK = 1;
    /** The class of memory of a stack of kind {@code stack}: {@link #JAVA_STACK} or {@link #JVM_STACK}. */
    static MemoryClass memoryClass(int stack) {
        return stack == JAVA_STACK ? MemoryClass.JAVA_STACK : MemoryClass.JVM_STACK;
    }

    /** The largest guard area below a stack taken as the stack's: glibc's guard and HotSpot's zones. */
    static final long MAX_GUARD = 256 * 1024;

    private final ProcessThreads threads;
    private final Supplier<List<String>> javaThreadNames;
    /** The live Java threads by kernel name, each with its group ("" where they differ); null until asked. */
    private Map<String, String> javaNames;
    /** Stack mappings found so far, [start, end) and kind, kept while the mapping stays. */
    private long[][] stacks = {new long[0], new long[0], new long[0]};
    private StackGroups groups = StackGroups.NONE;
    private String problem;

    /** @param javaThreadNames the names of the live Java threads, asked when the threads changed */
    ThreadStackFinder(ProcessThreads threads, Supplier<List<String>> javaThreadNames) {
        this.threads = threads;
        this.javaThreadNames = javaThreadNames;
    }

    /** Lists the threads again; true if they changed, so that the stacks must be found again. */
    boolean refreshThreads() {
        boolean changed = threads.refresh();
        if (changed) {
            javaNames = null;
            problem = null;
        }
        return changed;
    }

    /** The stacks' groups as last classified. */
    StackGroups groups() {
        return groups;
    }

    /** Why stacks could not be told, or told only in part, in one line; null if they could. */
    String problem() {
        return threads.problem() != null ? threads.problem() : problem;
    }

    /**
     * The kind of each mapping that is a thread's stack ({@link #JAVA_STACK} or
     * {@link #JVM_STACK}), -1 for the others; and, with them, the {@link #groups()}.
     */
    int[] classify(MemoryMaps maps) {
        int[] classes = new int[maps.count()];
        Arrays.fill(classes, -1);
        String[] groupOf = new String[maps.count()];
        int[] threadsIn = new int[maps.count()];
        String processName = null;
        for (int t = 0; t < threads.count(); t++) {
            int i = containing(maps, threads.stackPointer(t));
            if (i >= 0 && maps.isNamedStack(i)) {
                processName = threads.name(t);
            }
        }
        for (int i = 0; i < maps.count(); i++) {
            if (maps.isNamedStack(i)) {
                classes[i] = JVM_STACK;
            }
        }
        for (int t = 0; t < threads.count(); t++) {
            int i = containing(maps, threads.stackPointer(t));
            if (i < 0 || classes[i] >= 0 && groupOf[i] != null
                    || maps.kind(i) != MemoryMaps.ANONYMOUS && !maps.isNamedStack(i)) {
                continue;
            }
            String name = threads.name(t);
            if (classes[i] < 0) {
                classes[i] = javaNames().containsKey(name) || name.equals(processName) ? JAVA_STACK : JVM_STACK;
            }
            groupOf[i] = group(name);
            threadsIn[i]++;
        }
        // Stacks of threads that ended, kept by glibc for the next thread, while their mapping stays.
        for (int s = 0; s < stacks[0].length; s++) {
            int i = containing(maps, stacks[0][s]);
            if (i >= 0 && classes[i] < 0 && maps.start(i) == stacks[0][s] && maps.end(i) == stacks[1][s]
                    && maps.kind(i) == MemoryMaps.ANONYMOUS) {
                classes[i] = (int) stacks[2][s];
                groupOf[i] = StackGroups.ENDED;
            }
        }
        long[][] found = {new long[maps.count()], new long[maps.count()], new long[maps.count()]};
        int[] groupIndex = new int[maps.count()];
        List<String> names = new ArrayList<>();
        Map<String, Integer> indexOf = new HashMap<>();
        int[] groupThreads = new int[maps.count() + 1];
        int n = 0;
        for (int i = 0; i < maps.count(); i++) {
            if (classes[i] >= 0 && maps.accessible(i)) {
                found[0][n] = maps.start(i);
                found[1][n] = maps.end(i);
                found[2][n] = classes[i];
                String group = groupOf[i] == null ? StackGroups.ENDED : groupOf[i];
                int g = indexOf.computeIfAbsent(group, key -> {
                    names.add(key);
                    return names.size() - 1;
                });
                groupIndex[n] = g;
                groupThreads[g] += threadsIn[i];
                n++;
                if (i > 0 && classes[i - 1] < 0 && maps.end(i - 1) == maps.start(i) && !maps.accessible(i - 1)
                        && maps.kind(i - 1) == MemoryMaps.ANONYMOUS
                        && maps.end(i - 1) - maps.start(i - 1) <= MAX_GUARD) {
                    classes[i - 1] = classes[i];
                }
            }
        }
        for (int k = 0; k < 3; k++) {
            stacks[k] = Arrays.copyOf(found[k], n);
        }
        groups = new StackGroups(stacks[0], stacks[1], Arrays.copyOf(groupIndex, n), names,
                Arrays.copyOf(groupThreads, names.size()));
        return classes;
    }

    /**
     * The group of a thread the kernel names {@code name}: its Java name collapsed, where the live
     * Java threads of that kernel name all collapse alike, else the kernel's name collapsed.
     */
    private String group(String name) {
        String java = javaNames().get(name);
        return StackGroups.collapse(java != null && !java.isEmpty() ? java : name);
    }

    private Map<String, String> javaNames() {
        if (javaNames == null) {
            List<String> names;
            try {
                names = javaThreadNames.get();
            } catch (RuntimeException | LinkageError e) {
                problem = RowNames.THREAD_STACKS + ": the Java threads' names could not be listed (" + e
                        + "); every stack counts as a JVM thread's";
                names = List.of();
            }
            javaNames = new HashMap<>();
            for (String name : names) {
                javaNames.merge(ThreadNames.asKernelKeeps(name), StackGroups.collapse(name),
                        (a, b) -> a.equals(b) ? a : "");
            }
        }
        return javaNames;
    }


    private static int containing(MemoryMaps maps, long address) {
        if (address == ProcessThreads.UNKNOWN) {
            return -1;
        }
        int i = maps.firstEndingAfter(address);
        return i < maps.count() && Long.compareUnsigned(maps.start(i), address) <= 0 ? i : -1;
    }
}
