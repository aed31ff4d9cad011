package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.HugePageUse;
import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcReader;
import io.github.jvmpagemap.proc.ProcReaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads {@code /proc/self/pagemap} with batched positional reads into one reused direct
 * buffer (64K entries, 256 MiB of 4 KiB pages, per read, as page-types does). With
 * {@link PageFrames} ({@code detail=full}) the frames of present pages are examined too.
 */
public final class PagemapFile implements PageTable {
    static final int BATCH_PAGES = 64 * 1024;
    /**
     * Pages per read when page frames are examined too: the frames' state of each page of a
     * batch is kept on the heap (8 bytes a page, 128 KiB), so the batch is smaller.
     */
    static final int FRAMES_BATCH_PAGES = 16 * 1024;
    private static final long[] NO_VIEWS = new long[0];

    private final Path path;
    private final long pageSize;
    private final int batchPages;
    private final PageFrames frames;
    private final boolean hugePagesPossible;
    private final ProcReader file;
    private ByteBuffer[] buffers = new ByteBuffer[1];
    /** Per page of a batch: the frame's {@link RunState} bits, and how many further views have it present. */
    private final long[] frameStates;
    private int[] extraViews = new int[0];
    private final PageRuns runs = new PageRuns(null);
    /** Whether the entries now read are read only for their frames (the fast path's), so timed with them. */
    private boolean readForFrames;
    /** Times all the work only frames need, reads and all: what a scan without them would not do. */
    private final ReadClock frameWork = new ReadClock();

    public PagemapFile(Path path, long pageSize) throws IOException {
        this(path, pageSize, BATCH_PAGES, null, true);
    }

    /**
     * @param frames the frames reader for {@code detail=full}, or null; closed with this
     * @param hugePagesPossible false when no huge page can back JVM memory: then every page is
     *     known not to be huge, and smaps need not be read for them
     */
    PagemapFile(Path path, long pageSize, int batchPages, PageFrames frames, boolean hugePagesPossible)
            throws IOException {
        this.path = path;
        this.pageSize = pageSize;
        this.batchPages = batchPages;
        this.frames = frames;
        this.hugePagesPossible = hugePagesPossible;
        this.frameStates = frames == null ? new long[0] : new long[batchPages];
        this.file = ProcReaders.open(path);
    }

    /**
     * The process's own pagemap, with {@code frames} (may be null) for {@code detail=full};
     * {@code frames} is closed if the pagemap cannot be opened.
     */
    static PagemapFile open(ProcFiles proc, PageFrames frames) throws PageTableUnavailableException {
        try {
            return new PagemapFile(proc.pagemap(), proc.pageSize(), frames == null ? BATCH_PAGES : FRAMES_BATCH_PAGES,
                    frames, HugePageUse.possibleInThisJvm());
        } catch (IOException e) {
            if (frames != null) {
                frames.close();
            }
            throw new PageTableUnavailableException("cannot read " + proc.pagemap() + " ("
                    + IoFailure.reason(e) + ")");
        }
    }

    @Override
    public String method() {
        return "pagemap";
    }

    @Override
    public Detail detail() {
        return frames == null ? Detail.BASIC : Detail.FULL;
    }

    @Override
    public boolean measures(Capability capability) {
        return switch (capability) {
            // Huge pages as smaps counts them (PMD-mapped, hugetlb): no bit of the entry or the frame tells that.
            case HUGE_PAGES -> !hugePagesPossible;
            case SHARING -> true;
            case ZERO_PAGES, MAP_COUNTS -> frames != null;
            // Every present page's flags; PMD-mapped ones (which the flags mark too) are taken off
            // with smaps' figure per mapping (PageCounts#largeFolio).
            case LARGE_FOLIOS -> frames != null && frames.readsEveryFrame();
        };
    }

    @Override
    public void timeSharingReads(boolean on) {
        if (frames != null) {
            frames.clock().timing(on);
            frameWork.timing(on);
        }
    }

    @Override
    public long sharingReadNanos() {
        return frames == null ? 0 : frames.clock().nanos();
    }

    @Override
    public long sharingWorkNanos() {
        return frameWork.nanos();
    }

    /**
     * Pagemap entries tell shared pages by themselves (bit 56), and the pages of a range that
     * nobody else can map are exclusive anyway: only {@link Sharing#UNREAD} changes anything here,
     * leaving the map counts of pages that are not exclusive unread.
     */
    @Override
    public void walk(long start, long end, long[] views, Sharing sharing, PageSink sink) {
        long firstPage = start / pageSize;
        long endPage = (end + pageSize - 1) / pageSize;
        boolean everyFrame = frames != null && frames.readsEveryFrame();
        boolean countsUnread = frames != null && !everyFrame && sharing == Sharing.UNREAD;
        ensureBuffers(1 + views.length);
        runs.to(sink);
        for (long page = firstPage; page < endPage; ) {
            int batch = (int) Math.min(batchPages, endPage - page);
            boolean read = fill(buffers[0], page, batch, runs);
            for (int v = 0; read && v < views.length; v++) {
                read = fill(buffers[v + 1], page + views[v] / pageSize, batch, runs);
            }
            if (!read) {
                runs.run(page * pageSize, endPage * pageSize, RunState.UNREADABLE);
                break;
            }
            if (views.length > 0) {
                if (extraViews.length < batchPages) {
                    extraViews = new int[batchPages];
                }
                uniteViews(batch, views.length);
            }
            // Frames are looked up when the batch has a page that is not exclusive (most batches have
            // none), or for every page when large folios are counted.
            boolean looked = false;
            // Pages in the same state as the one before extend its run: one call per run, not per page.
            ByteBuffer entries = buffers[0];
            int runStart = 0;
            long runState = 0;
            for (int i = 0; i < batch; i++) {
                long entry = entries.getLong(i * PagemapEntry.SIZE);
                long state;
                if (PagemapEntry.isPresent(entry)) {
                    state = RunState.PRESENT;
                    if (frames != null) {
                        if (PagemapEntry.isExclusive(entry) && !everyFrame) {
                            state |= RunState.MAPPED_ONCE;
                        } else if (countsUnread) {
                            state |= RunState.SHARED | RunState.MAP_COUNT_UNREAD;
                        } else {
                            if (!looked) {
                                long started = readForFrames ? 0 : frameWork.start();
                                frames.lookup(buffers[0], batch, frameStates, runs);
                                if (!readForFrames) {
                                    frameWork.stop(started);
                                }
                                looked = true;
                            }
                            state |= frameStates[i];
                        }
                    } else if (!PagemapEntry.isExclusive(entry)) {
                        // Without frames the zero page cannot be told apart: it counts as shared.
                        state |= RunState.SHARED;
                    }
                    if (views.length > 0) {
                        state |= RunState.of(0, extraViews[i], 0);
                    }
                } else {
                    state = PagemapEntry.isSwapped(entry) ? RunState.SWAPPED : RunState.NOT_PRESENT;
                }
                if (i == 0) {
                    runState = state;
                } else if (state != runState) {
                    runs.run((page + runStart) * pageSize, (page + i) * pageSize, runState);
                    runStart = i;
                    runState = state;
                }
            }
            runs.run((page + runStart) * pageSize, (page + batch) * pageSize, runState);
            page += batch;
        }
        runs.flush();
    }

    /**
     * As {@link #walk} with {@link Sharing#READ} and no views, for a page table that finds present
     * pages another way and reads these entries only for their frames: the reads are timed with
     * the frames' (see {@link #sharingReadNanos}).
     */
    void walkForFrames(long start, long end, PageSink sink) {
        readForFrames = true;
        long started = frameWork.start();
        try {
            walk(start, end, NO_VIEWS, Sharing.READ, sink);
        } finally {
            frameWork.stop(started);
            readForFrames = false;
        }
    }

    /**
     * Hands [start, end), known to be present and mapped by huge pages of at least a page-table
     * page ({@code pageSize / 8} pages, 2 MiB with 4 KiB pages), start aligned to one, to
     * {@code sink} with what pagemap's exclusive bit and the page frames tell (zero, shared, map
     * count), each run also carrying {@code also}: for a page table that finds present pages
     * another way but needs their frame numbers. One frame per huge page is read. Call only with
     * frames ({@code detail=full}).
     */
    void walkPresentHuge(long start, long end, long also, PageSink sink) {
        long firstPage = start / pageSize;
        long endPage = (end + pageSize - 1) / pageSize;
        ensureBuffers(1);
        runs.to(sink);
        readForFrames = true;
        long started = frameWork.start();
        try {
            hugeBatches(firstPage, endPage, also);
        } finally {
            frameWork.stop(started);
            readForFrames = false;
        }
        runs.flush();
    }

    private void hugeBatches(long firstPage, long endPage, long also) {
        for (long page = firstPage; page < endPage; ) {
            int batch = (int) Math.min(batchPages, endPage - page);
            if (!fill(buffers[0], page, batch, runs)) {
                runs.run(page * pageSize, endPage * pageSize, RunState.PRESENT | RunState.FRAMES_UNREADABLE | also);
                break;
            }
            frames.lookupHuge(buffers[0], batch, (int) (pageSize / PagemapEntry.SIZE), frameStates, runs);
            int runStart = 0;
            for (int i = 1; i <= batch; i++) {
                if (i == batch || frameStates[i] != frameStates[runStart]) {
                    runs.run((page + runStart) * pageSize, (page + i) * pageSize,
                            RunState.PRESENT | frameStates[runStart] | also);
                    runStart = i;
                }
            }
            page += batch;
        }
    }

    /**
     * Puts in the first buffer, for each page, the entry of a view that has it present (its
     * frames are that view's), and counts the further views that have it present.
     */
    private void uniteViews(int batch, int extra) {
        ByteBuffer first = buffers[0];
        for (int i = 0; i < batch; i++) {
            long any = first.getLong(i * PagemapEntry.SIZE);
            int viewsPresent = PagemapEntry.isPresent(any) ? 1 : 0;
            for (int v = 1; v <= extra; v++) {
                long other = buffers[v].getLong(i * PagemapEntry.SIZE);
                if (PagemapEntry.isPresent(other)) {
                    viewsPresent++;
                    if (!PagemapEntry.isPresent(any)) {
                        any = other;
                    }
                }
            }
            first.putLong(i * PagemapEntry.SIZE, any);
            extraViews[i] = Math.max(0, viewsPresent - 1);
        }
    }

    /** Reads {@code pages} entries from {@code firstPage}; false (error recorded) if it cannot. */
    private boolean fill(ByteBuffer buffer, long firstPage, int pages, PageSink errors) {
        buffer.clear().limit(pages * PagemapEntry.SIZE);
        long position = firstPage * PagemapEntry.SIZE;
        long started = readForFrames ? frames.clock().start() : 0;
        try {
            while (buffer.hasRemaining()) {
                int read = file.read(buffer, position + buffer.position());
                if (read <= 0) {
                    errors.error("short read of " + path + " at page 0x"
                            + Long.toHexString(firstPage) + ": " + buffer.position() + " of "
                            + buffer.limit() + " bytes");
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            errors.error("cannot read " + path + ": " + e);
            return false;
        } finally {
            if (readForFrames) {
                frames.clock().stop(started);
            }
        }
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
    public void release() {
        file.release();
        if (frames != null) {
            frames.release();
        }
    }

    @Override
    public void close() {
        if (frames != null) {
            frames.close();
        }
        file.close();
    }
}
