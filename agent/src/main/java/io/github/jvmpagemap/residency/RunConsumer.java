package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.Region;

/**
 * Takes part in a scan's one walk of the page tables: receives each top-level row's committed
 * memory and its pages as runs, each cut to one owner (a sub-region, or none), in address order
 * within a row. The scan's own figures are one consumer; a snapshot writer is another.
 */
public interface RunConsumer {

    /** [from, to) of {@code region} is committed, owned by its sub-region {@code sub} (-1 for none). */
    default void committed(Region region, int sub, long from, long to) {
    }

    /** Pages [from, to) of {@code region}, owned by sub-region {@code sub} (-1 for none), are in {@code state}. */
    void run(Region region, int sub, long from, long to, long state);

    /** Why some pages of {@code region} could not be read. */
    default void error(Region region, String message) {
    }
}
