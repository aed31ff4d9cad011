package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;

/**
 * Opens written-page tracking: the JDK 22+ variant, loaded from {@code META-INF/versions/22} of
 * the multi-release jar. Native access is checked before any restricted method is touched, so the
 * JDK never prints its warning.
 */
public final class WriteTracking {
    private WriteTracking() {
    }

    /** @throws WriteTrackingUnavailableException naming why written pages cannot be tracked here */
    public static WriteTracker open(ProcFiles proc) throws WriteTrackingUnavailableException {
        if (!WriteTracking.class.getModule().isNativeAccessEnabled()) {
            throw new WriteTrackingUnavailableException("written pages need native access: add"
                    + " --enable-native-access=ALL-UNNAMED to the java command line");
        }
        return UffdWriteTracker.open(proc);
    }
}
