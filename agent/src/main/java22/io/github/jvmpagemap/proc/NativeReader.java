package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@link ProcReader} on a descriptor opened close-on-exec through FFM, read with
 * {@code pread} into direct buffers: a child process never inherits it, so it is held from
 * scan to scan.
 */
final class NativeReader implements ProcReader {
    private static final int ENOENT = 2;
    private final Path path;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = LibC.errnoSlot(arena);
    private int fd = -1;

    private NativeReader(Path path) {
        this.path = path;
    }

    static NativeReader open(Path path) throws IOException {
        NativeReader reader = new NativeReader(path);
        try {
            reader.fd = LibC.openReadOnly(reader.arena, reader.errno, path);
        } catch (Throwable t) {
            reader.close();
            throw new IOException("cannot open " + path + " (" + t + ")", t);
        }
        if (reader.fd < 0) {
            int error = LibC.errno(reader.errno);
            reader.close();
            if (error == ENOENT) {
                throw new NoSuchFileException(path.toString());
            }
            throw new IOException(path + ": " + LibC.describe(error));
        }
        return reader;
    }

    @Override
    public int read(ByteBuffer into, long position) throws IOException {
        if (!into.isDirect()) {
            throw new IllegalArgumentException("pread needs a direct buffer");
        }
        long read;
        try {
            read = LibC.pread(errno, fd, MemorySegment.ofBuffer(into), into.remaining(), position);
        } catch (Throwable t) {
            throw new IOException("cannot read " + path + " (" + t + ")", t);
        }
        if (read < 0) {
            throw new IOException("cannot read " + path + ": " + LibC.describe(LibC.errno(errno)));
        }
        into.position(into.position() + (int) read);
        return read == 0 ? -1 : (int) read;
    }

    @Override
    public void release() {
        // Close-on-exec: no child can inherit it, so it stays open from scan to scan.
    }

    @Override
    public void close() {
        LibC.closeAll(fd, arena);
        fd = -1;
    }
}
