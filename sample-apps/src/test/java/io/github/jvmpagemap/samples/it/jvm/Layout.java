package io.github.jvmpagemap.samples.it.jvm;

import java.util.List;

/** The regions of one JVM as the tests' oracle found them. */
public record Layout(List<Region> regions) {

    public Region region(String name) {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the oracle found no " + name + ": " + this));
    }

    /** True when the heap is mapped in more than one view (JDK 17's ZGC). */
    public boolean multiMapped() {
        return region(Region.JAVA_HEAP).views().length > 0;
    }
}
