package io.github.jvmpagemap.samples.it.harness;

import java.util.List;

/** The collectors every test runs under, with the flag that selects each. */
public enum Gc {
    G1("-XX:+UseG1GC"),
    PARALLEL("-XX:+UseParallelGC"),
    SERIAL("-XX:+UseSerialGC"),
    ZGC("-XX:+UseZGC"),
    SHENANDOAH("-XX:+UseShenandoahGC");

    public final String flag;

    Gc(String flag) {
        this.flag = flag;
    }

    public List<String> flags() {
        return List.of(flag);
    }
}
