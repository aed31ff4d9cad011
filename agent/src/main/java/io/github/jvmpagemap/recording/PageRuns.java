package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.scan.PagemapEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks /proc/self/pagemap over a range and reports maximal runs of pages in the same state,
 * reading in batches into one reused buffer. A read that comes back short is an error.
 */
final class PageRuns implements AutoCloseable {
    private static final int BATCH_PAGES = 64 * 1024;

    /** Receives one run [start, end) of pages all in {@code state}. */
    @FunctionalInterface
    interface Sink {
        void run(long start, long end, PageState state) throws IOException;
    }

    private final Path pagemap;
    private final FileChannel channel;
    private final long pageSize;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BATCH_PAGES * PagemapEntry.SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);

    PageRuns(Path pagemap, long pageSize) throws IOException {
        this.pagemap = pagemap;
        this.channel = FileChannel.open(pagemap, StandardOpenOption.READ);
        this.pageSize = pageSize;
    }

    void walk(long start, long end, Sink sink) throws IOException {
        long runStart = start;
        PageState runState = null;
        for (long page = start / pageSize; page < end / pageSize; ) {
            int batch = (int) Math.min(BATCH_PAGES, end / pageSize - page);
            read(page, batch);
            for (int i = 0; i < batch; i++) {
                long entry = buffer.getLong(i * PagemapEntry.SIZE);
                PageState state = PagemapEntry.isPresent(entry) ? PageState.RESIDENT
                        : PagemapEntry.isSwapped(entry) ? PageState.SWAPPED : PageState.NOT_PRESENT;
                if (state != runState) {
                    long address = (page + i) * pageSize;
                    if (runState != null) {
                        sink.run(runStart, address, runState);
                    }
                    runStart = address;
                    runState = state;
                }
            }
            page += batch;
        }
        if (runState != null) {
            sink.run(runStart, end, runState);
        }
    }

    private void read(long firstPage, int pages) throws IOException {
        buffer.clear().limit(pages * PagemapEntry.SIZE);
        long position = firstPage * PagemapEntry.SIZE;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) <= 0) {
                throw new IOException("short read of " + pagemap + " at page 0x" + Long.toHexString(firstPage));
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
