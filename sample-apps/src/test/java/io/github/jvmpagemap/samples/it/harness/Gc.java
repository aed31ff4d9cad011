package io.github.jvmpagemap.samples.it.harness;

import java.util.List;

/** A collector a case runs under, with the flag that selects it and the name the agent publishes for it. */
public enum Gc {
    /** The JVM's own choice: no flag (G1 on a machine of two cores or more). */
    DEFAULT(null, null),
    G1("-XX:+UseG1GC", "G1"),
    PARALLEL("-XX:+UseParallelGC", "Parallel"),
    SERIAL("-XX:+UseSerialGC", "Serial"),
    ZGC("-XX:+UseZGC", "ZGC"),
    SHENANDOAH("-XX:+UseShenandoahGC", "Shenandoah");

    private final String flag;
    private final String published;

    Gc(String flag, String published) {
        this.flag = flag;
        this.published = published;
    }

    public List<String> flags() {
        return flag == null ? List.of() : List.of(flag);
    }

    /** The collector as the agent names it ({@code collector} in the JSON, the bean's {@code Collector}). */
    public String published() {
        if (published == null) {
            throw new IllegalStateException("the JVM's default collector has no name of its own");
        }
        return published;
    }

    @Override
    public String toString() {
        return published == null ? "" : published;
    }
}
