package io.github.jvmpagemap.proc;

import java.io.IOException;

/**
 * Where a scan learns the process's mappings: all of them from the maps file, or, where the
 * kernel can be asked about an address, only those inside the address windows the scan needs.
 * Not thread-safe; one scanner thread owns it.
 */
public interface MapsReader extends AutoCloseable {

    /** Replaces the contents of {@code maps} with every mapping of the process. */
    void readAll(MemoryMaps maps) throws IOException;

    /**
     * Replaces the contents of {@code maps} with, at least, every mapping that overlaps one of
     * the windows {@code [starts[i], ends[i])}, {@code i < count}, which are sorted and disjoint.
     */
    void readWithin(MemoryMaps maps, long[] starts, long[] ends, int count) throws IOException;

    /** How the mappings are read, for the record: {@code "maps file"} or {@code "PROCMAP_QUERY"}. */
    String how();

    @Override
    void close();
}
