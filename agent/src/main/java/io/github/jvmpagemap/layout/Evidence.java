package io.github.jvmpagemap.layout;

/**
 * How a row's memory was found: recorded by the code that finds it, so that what a row is (its
 * {@link io.github.jvmpagemap.rows.RowKind kind}) and how it was found are never inferred from
 * each other. JDK 17's ZGC heap is a JVM region found in the maps; {@code GC Structures} is a
 * process category found from the JVM's report.
 */
public enum Evidence {
    /** The JVM's own report of what it reserved (diagnostic commands): every mapping of it must be in the maps. */
    JVM_REPORT,
    /** The process's memory maps: paths, names such as {@code [heap]} and {@code [stack]}, shared memory. */
    MEMORY_MAPS,
    /** The stack pointers of the process's threads. */
    THREAD_STACK_POINTERS,
    /** The headers glibc's malloc writes at the start of its heaps and of the chunks it maps. */
    MALLOC_HEADERS,
    /** The labels of the JVM's Native Memory Tracking. */
    NMT_LABELS
}
