package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens {@link ProcReader}s. This is the JDK 17-21 variant: through a channel held only while
 * a scan runs, since close-on-exec needs FFM. A JDK 22+ build replaces this class through
 * {@code META-INF/versions/22}.
 */
public final class ProcReaders {
    private ProcReaders() {
    }

    /** @throws IOException if {@code path} cannot be opened for reading */
    public static ProcReader open(Path path) throws IOException {
        return new ChannelReader(path);
    }
}
