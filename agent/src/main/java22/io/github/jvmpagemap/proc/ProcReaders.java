package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens {@link ProcReader}s: the JDK 22+ variant, loaded from {@code META-INF/versions/22}.
 * With native access for the agent, a descriptor opened close-on-exec and read with
 * {@code pread}; without it, a channel held only while a scan runs. Native access is checked
 * before any restricted method is touched, so the JDK prints no warning.
 */
public final class ProcReaders {
    private ProcReaders() {
    }

    /** @throws IOException if {@code path} cannot be opened for reading */
    public static ProcReader open(Path path) throws IOException {
        if (ProcReaders.class.getModule().isNativeAccessEnabled()) {
            return NativeReader.open(path);
        }
        return new ChannelReader(path);
    }
}
