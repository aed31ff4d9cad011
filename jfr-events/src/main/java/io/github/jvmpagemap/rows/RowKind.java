package io.github.jvmpagemap.rows;

/** What a top-level row is: one of the JVM's own regions, or a category of the rest of the process. */
public enum RowKind {
    /** Java Heap, Metaspace, Compressed Class Space, Code Cache, CDS Archive: the JVM's regions. */
    JVM_REGION("jvm"),
    /** The rest of the process's memory: thread stacks, GC structures, native heap, mapped files, other native. */
    PROCESS_CATEGORY("process");

    private final String label;

    RowKind(String label) {
        this.label = label;
    }

    /** The word JSON, JMX, JFR's {@code kind} field and the docs use: {@code jvm} or {@code process}. */
    public String label() {
        return label;
    }

    /** The kind a label names, or null for a label no kind has. */
    public static RowKind ofLabel(String label) {
        for (RowKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        return null;
    }

    /**
     * The kind of the top-level row {@code region}, by its name: for a reader of a recording made
     * before rows carried their kind.
     */
    public static RowKind ofRow(String region) {
        return RowNames.PROCESS_CATEGORIES.contains(region) ? PROCESS_CATEGORY : JVM_REGION;
    }
}
