package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcReader;
import io.github.jvmpagemap.proc.ProcReaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Batched positional reads of {@code /proc/self/pagemap} entries into a caller's direct buffer
 * (as page-types reads them: up to 64K entries a read). A short read is an error, said to the
 * walk's sink, never a run of absent pages.
 */
final class PagemapEntries implements AutoCloseable {
    private final Path path;
    private final ProcReader file;

    PagemapEntries(Path path) throws IOException {
        this.path = path;
        this.file = ProcReaders.open(path);
    }

    /** A buffer for {@code pages} entries, in the file's byte order. */
    static ByteBuffer buffer(int pages) {
        return ByteBuffer.allocateDirect(pages * PagemapEntry.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads {@code pages} entries from {@code firstPage} into {@code buffer}.
     *
     * @param clock times the read where the entries are read only for their frames, else null
     * @return false (the error said to {@code errors}) if they could not all be read
     */
    boolean read(ByteBuffer buffer, long firstPage, int pages, PageSink errors, ReadClock clock) {
        buffer.clear().limit(pages * PagemapEntry.SIZE);
        long position = firstPage * PagemapEntry.SIZE;
        long started = clock == null ? 0 : clock.start();
        try {
            while (buffer.hasRemaining()) {
                int read = file.read(buffer, position + buffer.position());
                if (read <= 0) {
                    errors.error("short read of " + path + " at page 0x" + Long.toHexString(firstPage) + ": "
                            + buffer.position() + " of " + buffer.limit() + " bytes");
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            errors.error("cannot read " + path + ": " + e);
            return false;
        } finally {
            if (clock != null) {
                clock.stop(started);
            }
        }
    }

    /** Lets go of the descriptor between scans (see {@link ProcReader}). */
    void release() {
        file.release();
    }

    @Override
    public void close() {
        file.close();
    }
}
