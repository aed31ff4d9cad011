package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link ProcReader} through a {@link FileChannel}, which plain Java opens without
 * close-on-exec: the channel is opened by a read and closed again by {@link #release()}, so it
 * is held only while a scan runs. An interrupt, which closes a channel, costs one reopening.
 */
final class ChannelReader implements ProcReader {
    private final Path path;
    private FileChannel channel;

    /** Opens {@code path} once, to fail now rather than at the first scan, and lets go of it. */
    ChannelReader(Path path) throws IOException {
        this.path = path;
        FileChannel.open(path, StandardOpenOption.READ).close();
    }

    @Override
    public int read(ByteBuffer into, long position) throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        return channel.read(into, position);
    }

    @Override
    public void release() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing a read-only /proc file cannot lose data.
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
