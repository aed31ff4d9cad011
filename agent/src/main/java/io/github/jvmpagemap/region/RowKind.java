package io.github.jvmpagemap.region;

/** What a top-level row is: part of the JVM's own layout, or a category of the rest of the process. */
public enum RowKind {
    /** Java Heap, Metaspace, Compressed Class Space, Code Cache, CDS Archive: found from the JVM. */
    JVM_REGION("jvm"),
    /** The rest of the process's memory (thread stacks, native heap, mapped files, ...): found from the maps. */
    PROCESS_CATEGORY("process");

    private final String label;

    RowKind(String label) {
        this.label = label;
    }

    /** The word JSON and the docs use: {@code jvm} or {@code process}. */
    public String label() {
        return label;
    }
}
