package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file under {@code /proc} read at positions ({@code pagemap}, {@code kpageflags},
 * {@code kpagecount}). What a root process opens there is privileged: a child that inherited the
 * descriptor would read frame numbers and page flags it may not see itself. So the descriptor is
 * close-on-exec where the JVM lets the agent say so (FFM with native access), and otherwise held
 * only from a read to the next {@link #release()}, which the scan calls when it ends: plain Java
 * cannot make a descriptor close-on-exec, and native code may fork and exec at any time.
 */
public interface ProcReader extends AutoCloseable {

    /**
     * Reads into {@code into}, from its position to its limit, from {@code position} of the
     * file; advances the buffer's position.
     *
     * @return the bytes read, 0 or -1 at the end of the file
     */
    int read(ByteBuffer into, long position) throws IOException;

    /** Lets go of a descriptor that must not outlive a scan; the next read opens it again. */
    void release();

    @Override
    void close();
}
