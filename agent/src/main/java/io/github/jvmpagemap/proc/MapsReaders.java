package io.github.jvmpagemap.proc;

/**
 * Chooses how scans read the mappings. This is the JDK 17-21 variant: the maps file, because
 * asking the kernel about an address (PROCMAP_QUERY) needs FFM. A JDK 22+ build replaces this
 * class through {@code META-INF/versions/22}.
 */
public final class MapsReaders {
    private MapsReaders() {
    }

    public static MapsReader open(ProcFiles proc) {
        return new MapsFile(proc.maps());
    }
}
