package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.HugePageUse;
import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.proc.ProcFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads {@code /proc/self/pagemap} with batched positional reads into one reused direct
 * buffer (64K entries, 256 MiB of 4 KiB pages, per read, as page-types does). With
 * {@link PageFrames} ({@code detail=full}) the frames of present pages that are not exclusive are
 * examined too, and what that costs is measured on request ({@link #sharingCost}).
 */
public final class PagemapFile implements PageTable {
    static final int BATCH_PAGES = 64 * 1024;
    /**
     * Pages per read when page frames are examined too: the frames' state of each page of a
     * batch is kept on the heap (8 bytes a page, 128 KiB), so the batch is smaller.
     */
    static final int FRAMES_BATCH_PAGES = 16 * 1024;

    private final long pageSize;
    private final int batchPages;
    private final PageFrames frames;
    private final boolean hugePagesPossible;
    private final PagemapEntries entries;
    private ByteBuffer[] buffers = new ByteBuffer[1];
    /** Per page of a batch: the frame's {@link RunState} bits, and how many further views have it present. */
    private final long[] frameStates;
    private int[] extraViews = new int[0];
    private final PageRuns runs = new PageRuns(null);

    public PagemapFile(Path path, long pageSize) throws IOException {
        this(new PagemapEntries(path), pageSize, BATCH_PAGES, null, true);
    }

    /**
     * @param entries the pagemap's reads; closed with this
     * @param frames the frames reader for {@code detail=full}, or null; closed with this
     * @param hugePagesPossible false when no huge page can back JVM memory: then every page is
     *     known not to be huge, and smaps need not be read for them
     */
    PagemapFile(PagemapEntries entries, long pageSize, int batchPages, PageFrames frames, boolean hugePagesPossible) {
        this.entries = entries;
        this.pageSize = pageSize;
        this.batchPages = batchPages;
        this.frames = frames;
        this.hugePagesPossible = hugePagesPossible;
        this.frameStates = frames == null ? new long[0] : new long[batchPages];
    }

    /**
     * The process's own pagemap, with {@code frames} (may be null) for {@code detail=full};
     * {@code frames} is closed if the pagemap cannot be opened.
     */
    static PagemapFile open(ProcFiles proc, PageFrames frames) throws PageTableUnavailableException {
        try {
            return new PagemapFile(new PagemapEntries(proc.pagemap()), proc.pageSize(),
                    frames == null ? BATCH_PAGES : FRAMES_BATCH_PAGES, frames, HugePageUse.possibleInThisJvm());
        } catch (IOException e) {
            if (frames != null) {
                frames.close();
            }
            throw new PageTableUnavailableException("cannot read " + proc.pagemap() + " ("
                    + IoFailure.reason(e) + ")");
        }
    }

    /** The reads of the pagemap, for a page table that reads entries of its own (the fast path's frames). */
    PagemapEntries entries() {
        return entries;
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
            case WRITTEN_PAGES -> false;
        };
    }

    @Override
    public SharingCost sharingCost() {
        return frames;
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
            boolean read = entries.read(buffers[0], page, batch, runs, null);
            for (int v = 0; read && v < views.length; v++) {
                read = entries.read(buffers[v + 1], page + views[v] / pageSize, batch, runs, null);
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
            ByteBuffer batchEntries = buffers[0];
            int runStart = 0;
            long runState = 0;
            for (int i = 0; i < batch; i++) {
                long entry = batchEntries.getLong(i * PagemapEntry.SIZE);
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
                                frames.lookupTimed(batchEntries, batch, frameStates, runs);
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

    private void ensureBuffers(int count) {
        if (buffers.length < count) {
            ByteBuffer[] grown = new ByteBuffer[count];
            System.arraycopy(buffers, 0, grown, 0, buffers.length);
            buffers = grown;
        }
        for (int i = 0; i < count; i++) {
            if (buffers[i] == null) {
                buffers[i] = PagemapEntries.buffer(batchPages);
            }
        }
    }

    @Override
    public void release() {
        entries.release();
        if (frames != null) {
            frames.release();
        }
    }

    @Override
    public void close() {
        if (frames != null) {
            frames.close();
        }
        entries.close();
    }
}
