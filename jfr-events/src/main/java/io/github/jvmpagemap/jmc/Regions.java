package io.github.jvmpagemap.jmc;

import java.util.List;

/** The row names of the agent's events that the rules look for (docs/regions.md lists them all). */
final class Regions {
    static final String JAVA_HEAP = "Java Heap";
    static final String G1_FREE = "G1 Free";
    /** The JVM regions whose pages a GC or the interpreter must touch again, in the order reported. */
    static final List<String> JVM_WORKING = List.of(JAVA_HEAP, "Metaspace", "Compressed Class Space", "Code Cache");
    /** The process categories: resident memory outside every JVM region. */
    static final List<String> PROCESS_CATEGORIES = List.of("Thread Stacks", "GC Structures", "Native Heap",
            "Mapped Files", "Other Native");

    private Regions() {
    }
}
