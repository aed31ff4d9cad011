package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.HugePageUse;
import io.github.jvmpagemap.proc.ProcFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads {@code /proc/self/pagemap} with batched positional reads into one reused direct
 * buffer (64K entries, 256 MiB of 4 KiB pages, per read, as page-types does). With
 * {@link PageFrames} ({@code detail=full}) the frames of present pages are examined too.
 */
public final class PagemapFile implements PageTable {
    static final int BATCH_PAGES = 64 * 1024;

    private final Path path;
    private final long pageSize;
    private final int batchPages;
    private final PageFrames frames;
    private final boolean hugePagesPossible;
    private FileChannel channel;
    private ByteBuffer[] buffers = new ByteBuffer[1];

    public PagemapFile(Path path, long pageSize) throws IOException {
        this(path, pageSize, BATCH_PAGES, null, true);
    }

    /**
     * @param frames the frames reader for {@code detail=full}, or null; closed with this
     * @param hugePagesPossible false when no huge page can back JVM memory: then, even
     *     without frames, every page is known not to be huge
     */
    PagemapFile(Path path, long pageSize, int batchPages, PageFrames frames, boolean hugePagesPossible)
            throws IOException {
        this.path = path;
        this.pageSize = pageSize;
        this.batchPages = batchPages;
        this.frames = frames;
        this.hugePagesPossible = hugePagesPossible;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    /**
     * The process's own pagemap, with {@code frames} (may be null) for {@code detail=full};
     * {@code frames} is closed if the pagemap cannot be opened.
     */
    static PagemapFile open(ProcFiles proc, PageFrames frames) throws PageTableUnavailableException {
        try {
            return new PagemapFile(proc.pagemap(), proc.pageSize(), BATCH_PAGES, frames,
                    frames != null || HugePageUse.possibleInThisJvm());
        } catch (IOException e) {
            if (frames != null) {
                frames.close();
            }
            throw new PageTableUnavailableException("cannot read " + proc.pagemap() + ": " + e.getMessage());
        }
    }

    @Override
    public String method() {
        return "pagemap";
    }

    @Override
    public String detail() {
        return frames == null ? "basic" : "full";
    }

    @Override
    public boolean countsHugePages() {
        return frames != null || !hugePagesPossible;
    }

    @Override
    public boolean countsZeroPages() {
        return frames != null;
    }

    @Override
    public boolean countsSharing() {
        return frames != null;
    }

    @Override
    public void count(long start, long end, long[] views, PageCounts counts) {
        long firstPage = start / pageSize;
        long endPage = (end + pageSize - 1) / pageSize;
        ensureBuffers(1 + views.length);
        for (long page = firstPage; page < endPage; ) {
            int batch = (int) Math.min(batchPages, endPage - page);
            if (!fill(buffers[0], page, batch, counts)) {
                counts.unreadable(endPage - page, counts.firstError);
                return;
            }
            for (int v = 0; v < views.length; v++) {
                if (!fill(buffers[v + 1], page + views[v] / pageSize, batch, counts)) {
                    counts.unreadable(endPage - page, counts.firstError);
                    return;
                }
            }
            tally(batch, views.length, counts);
            if (frames != null) {
                frames.tally(buffers[0], batch, counts);
            }
            page += batch;
        }
    }

    @Override
    public void runs(long start, long end, long[] views, PageRuns runs) throws IOException {
        long firstPage = start / pageSize;
        long endPage = (end + pageSize - 1) / pageSize;
        ensureBuffers(1 + views.length);
        PageCounts errors = new PageCounts();
        for (long page = firstPage; page < endPage; ) {
            int batch = (int) Math.min(batchPages, endPage - page);
            boolean read = fill(buffers[0], page, batch, errors);
            for (int v = 0; read && v < views.length; v++) {
                read = fill(buffers[v + 1], page + views[v] / pageSize, batch, errors);
            }
            if (!read) {
                throw new IOException(errors.firstError);
            }
            for (int i = 0; i < batch; i++) {
                long entry = buffers[0].getLong(i * PagemapEntry.SIZE);
                boolean present = PagemapEntry.isPresent(entry);
                for (int v = 1; !present && v <= views.length; v++) {
                    present = PagemapEntry.isPresent(buffers[v].getLong(i * PagemapEntry.SIZE));
                }
                PageState state = present ? PageState.RESIDENT
                        : PagemapEntry.isSwapped(entry) ? PageState.SWAPPED : PageState.NOT_PRESENT;
                long address = (page + i) * pageSize;
                runs.add(address, address + pageSize, state);
            }
            page += batch;
        }
    }

    /**
     * Adds only what the frames of [start, end) tell (huge, zero, shared, proportional): for
     * a page table that finds present pages another way but needs their frame numbers.
     *
     * @param pmdMapped [start, end) is mapped by huge pages of at least a page-table page
     *     ({@code pageSize / 8} pages, 2 MiB with 4 KiB pages) and start is aligned to one:
     *     one frame per huge page is enough
     */
    void countFrames(long start, long end, boolean pmdMapped, PageCounts counts) {
        long firstPage = start / pageSize;
        long endPage = (end + pageSize - 1) / pageSize;
        ensureBuffers(1);
        for (long page = firstPage; page < endPage; ) {
            int batch = (int) Math.min(batchPages, endPage - page);
            if (!fill(buffers[0], page, batch, counts)) {
                counts.framesUnreadable += endPage - page;
                return;
            }
            if (pmdMapped) {
                frames.tallyHuge(buffers[0], batch, (int) (pageSize / PagemapEntry.SIZE), counts);
            } else {
                frames.tally(buffers[0], batch, counts);
            }
            page += batch;
        }
    }

    private void tally(int batch, int extraViews, PageCounts counts) {
        ByteBuffer first = buffers[0];
        for (int i = 0; i < batch; i++) {
            long entry = first.getLong(i * PagemapEntry.SIZE);
            int viewsPresent = PagemapEntry.isPresent(entry) ? 1 : 0;
            long any = entry;
            for (int v = 1; v <= extraViews; v++) {
                long other = buffers[v].getLong(i * PagemapEntry.SIZE);
                if (PagemapEntry.isPresent(other)) {
                    viewsPresent++;
                    if (!PagemapEntry.isPresent(any)) {
                        any = other;
                    }
                }
            }
            counts.examined++;
            if (extraViews > 0) {
                // The frames of the page are those of whichever view has it present.
                first.putLong(i * PagemapEntry.SIZE, any);
            }
            if (viewsPresent > 0) {
                counts.present++;
                counts.extraViewPresent += viewsPresent - 1;
                if (PagemapEntry.isExclusive(any)) {
                    counts.exclusive++;
                }
            } else if (PagemapEntry.isSwapped(entry)) {
                counts.swapped++;
            }
        }
    }

    /** Reads {@code pages} entries from {@code firstPage}; false (error recorded) if it cannot. */
    private boolean fill(ByteBuffer buffer, long firstPage, int pages, PageCounts counts) {
        buffer.clear().limit(pages * PagemapEntry.SIZE);
        long position = firstPage * PagemapEntry.SIZE;
        try {
            FileChannel ch = channel();
            while (buffer.hasRemaining()) {
                int read = ch.read(buffer, position + buffer.position());
                if (read <= 0) {
                    counts.unreadable(0, "short read of " + path + " at page 0x"
                            + Long.toHexString(firstPage) + ": " + buffer.position() + " of "
                            + buffer.limit() + " bytes");
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            counts.unreadable(0, "cannot read " + path + ": " + e);
            return false;
        }
    }

    private FileChannel channel() throws IOException {
        if (!channel.isOpen()) {
            // An interrupt closes a FileChannel; reopen rather than fail every later scan.
            channel = FileChannel.open(path, StandardOpenOption.READ);
        }
        return channel;
    }

    private void ensureBuffers(int count) {
        if (buffers.length < count) {
            ByteBuffer[] grown = new ByteBuffer[count];
            System.arraycopy(buffers, 0, grown, 0, buffers.length);
            buffers = grown;
        }
        for (int i = 0; i < count; i++) {
            if (buffers[i] == null) {
                buffers[i] = ByteBuffer.allocateDirect(batchPages * PagemapEntry.SIZE)
                        .order(ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    @Override
    public void close() {
        if (frames != null) {
            frames.close();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a read-only /proc file cannot lose data.
        }
    }
}
