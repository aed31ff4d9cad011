package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.scan.Detail;
import java.time.Instant;
import java.util.List;

/** Scans as the agent makes them, for tests. */
public final class Scans {
    public static final long MIB = 1 << 20;
    public static final Instant TIME = Instant.parse("2026-11-22T04:23:39.123Z");

    private Scans() {
    }

    public static RegionResidency row(String region, String sub, long committed, long resident) {
        return RegionResidency.of(region, sub, RowKind.JVM_REGION, 0x7000_0000L, 0x7000_0000L + 512 * MIB, 512 * MIB, committed,
                resident, 0, Figure.UNAVAILABLE, Figure.UNAVAILABLE, Figure.UNAVAILABLE, Figure.UNAVAILABLE,
                Figure.UNAVAILABLE, Figure.UNAVAILABLE, Figure.UNAVAILABLE, Figure.UNAVAILABLE, resident, 0);
    }

    /** A Parallel heap with its three spaces, and a code cache with one code heap. */
    public static Residency parallel(Instant time) {
        return new Residency(time, 7_000_000, "pagemap", Detail.BASIC, "Parallel", List.of(
                row("Java Heap", null, 380 * MIB, 70 * MIB),
                row("Java Heap", "PS Eden Space", 100 * MIB, 50 * MIB),
                row("Java Heap", "PS Survivor Space", 10 * MIB, 0),
                row("Java Heap", "PS Old Gen", 270 * MIB, 20 * MIB),
                row("Code Cache", null, 8 * MIB, 2 * MIB),
                row("Code Cache", "CodeHeap 'profiled nmethods'", 8 * MIB, 2 * MIB),
                row("Metaspace", null, 0, 0)),
                200 * MIB, 0, 103_159, List.of("Metaspace: a \"quoted\" problem"), 3);
    }
}
