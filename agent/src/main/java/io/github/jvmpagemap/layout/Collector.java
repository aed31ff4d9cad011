package io.github.jvmpagemap.layout;

/** The garbage collector, as far as the heap's layout is concerned. */
public enum Collector {
    G1("G1"),
    PARALLEL("Parallel"),
    SERIAL("Serial"),
    SHENANDOAH("Shenandoah"),
    ZGC("ZGC"),
    UNKNOWN("unrecognised collector");

    private final String displayName;

    Collector(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }

    /** Parallel and Serial move the boundaries of eden and the survivors as they resize. */
    public boolean hasMovingSpaces() {
        return this == PARALLEL || this == SERIAL;
    }
}
