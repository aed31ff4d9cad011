package io.github.jvmpagemap.proc;

/**
 * Chooses how scans read the mappings: the JDK 22+ variant, loaded from
 * {@code META-INF/versions/22} of the multi-release jar. With native access for the agent and
 * a kernel that answers PROCMAP_QUERY (Linux 6.11+), scans ask the kernel about the addresses
 * they need; otherwise they read the maps file, which gives the same mappings, only slower.
 * Native access is checked before any restricted method is touched, so the JDK prints no warning.
 */
public final class MapsReaders {
    private MapsReaders() {
    }

    public static MapsReader open(ProcFiles proc) {
        if (MapsReaders.class.getModule().isNativeAccessEnabled()) {
            MapsQuery query = MapsQuery.open(proc);
            if (query != null) {
                return query;
            }
        }
        return new MapsFile(proc.maps());
    }
}
