package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Path;

/** Reads {@code /proc/self/maps} whole, whatever windows are asked for: the portable way. */
public final class MapsFile implements MapsReader {
    private final Path maps;

    public MapsFile(Path maps) {
        this.maps = maps;
    }

    @Override
    public void readAll(MemoryMaps into) throws IOException {
        into.read(maps);
    }

    @Override
    public void readWithin(MemoryMaps into, long[] starts, long[] ends, int count) throws IOException {
        into.read(maps);
    }

    @Override
    public String how() {
        return "maps file";
    }

    @Override
    public void close() {
        // nothing held between reads
    }
}
