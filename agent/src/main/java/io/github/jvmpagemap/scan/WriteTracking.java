package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;

/**
 * Opens written-page tracking. This is the JDK 17-21 variant: tracking needs system calls only FFM
 * reaches (userfaultfd, ioctls with arguments in native memory). A JDK 22+ build replaces this
 * class through {@code META-INF/versions/22}.
 */
public final class WriteTracking {
    private WriteTracking() {
    }

    /** @throws WriteTrackingUnavailableException naming why written pages cannot be tracked here */
    public static WriteTracker open(ProcFiles proc) throws WriteTrackingUnavailableException {
        throw new WriteTrackingUnavailableException("written pages need JDK 22 or newer (userfaultfd and PAGEMAP_SCAN"
                + " through FFM); this JVM is " + Runtime.version().feature());
    }
}
