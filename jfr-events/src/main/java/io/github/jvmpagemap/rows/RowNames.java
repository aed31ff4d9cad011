package io.github.jvmpagemap.rows;

import java.util.List;

/**
 * The names of the rows the agent publishes that are its own: the JVM regions, the process
 * categories and their fixed sub-rows, and the collectors' heap types. Defined here once for the
 * agent, its JFR events and the JMC rules. The names of the JVM's memory pools
 * ({@code PS Eden Space}, {@code CodeHeap 'profiled nmethods'}) and of NMT's tags come from the JVM.
 */
public final class RowNames {
    // The JVM regions, in the order of the rows.
    public static final String JAVA_HEAP = "Java Heap";
    public static final String METASPACE = "Metaspace";
    public static final String CLASS_SPACE = "Compressed Class Space";
    public static final String CODE_CACHE = "Code Cache";
    public static final String CDS_ARCHIVE = "CDS Archive";

    // The process categories, in the order of the rows after the JVM regions, with their sub-rows.
    public static final String THREAD_STACKS = "Thread Stacks";
    public static final String JAVA_THREADS = "Java Threads";
    public static final String JVM_THREADS = "JVM Threads";
    public static final String GC_STRUCTURES = "GC Structures";
    public static final String NATIVE_HEAP = "Native Heap";
    public static final String MAPPED_FILES = "Mapped Files";
    public static final String SHARED_LIBRARIES = "Shared Libraries";
    public static final String JDK_MODULES = "JDK Modules";
    public static final String OTHER_FILES = "Other Files";
    public static final String OTHER_NATIVE = "Other Native";

    /** The JVM regions, in the order of the rows. */
    public static final List<String> JVM_REGIONS = List.of(JAVA_HEAP, METASPACE, CLASS_SPACE, CODE_CACHE, CDS_ARCHIVE);
    /** The process categories, in the order of the rows. */
    public static final List<String> PROCESS_CATEGORIES = List.of(THREAD_STACKS, GC_STRUCTURES, NATIVE_HEAP,
            MAPPED_FILES, OTHER_NATIVE);

    // The heap split by each collector's own region records.
    public static final String G1_EDEN = "G1 Eden Space";
    public static final String G1_SURVIVOR = "G1 Survivor Space";
    public static final String G1_OLD = "G1 Old Gen";
    public static final String G1_HUMONGOUS = "G1 Humongous";
    public static final String G1_FREE = "G1 Free";
    /** G1's region types, in the order of the sub-rows. */
    public static final List<String> G1_TYPES = List.of(G1_EDEN, G1_SURVIVOR, G1_OLD, G1_HUMONGOUS, G1_FREE);
    /** Shenandoah's region states, in the order of the sub-rows. */
    public static final List<String> SHENANDOAH_STATES = List.of("Shenandoah Regular", "Shenandoah Humongous",
            "Shenandoah Collection Set", "Shenandoah Trash", "Shenandoah Free");
    public static final String ZGC_FREE = "ZGC Free";
    /** ZGC's pages by generation (JDK 21+), then its mapped memory in no page. */
    public static final List<String> ZGC_GENERATIONS = List.of("ZGC Young Generation", "ZGC Old Generation", ZGC_FREE);
    /** ZGC's pages by size class (JDK 17), then its mapped memory in no page. */
    public static final List<String> ZGC_SIZE_CLASSES = List.of("ZGC Small Pages", "ZGC Medium Pages",
            "ZGC Large Pages", ZGC_FREE);

    private RowNames() {
    }
}
