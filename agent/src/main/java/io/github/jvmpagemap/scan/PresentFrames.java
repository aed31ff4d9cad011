package io.github.jvmpagemap.scan;

import java.nio.ByteBuffer;

/**
 * The page frames behind pages another walk found present (the fast path's PAGEMAP_SCAN, which
 * does not tell frames): their pagemap entries are read for the frame numbers alone, and the frames
 * as {@link PageFrames} reads them. All of it is work that only telling sharing needs, timed as such
 * ({@link PageFrames#work()}), the entries' reads among the frames' reads ({@link PageFrames#clock()}).
 */
final class PresentFrames {
    private final PagemapEntries entries;
    private final PageFrames frames;
    private final long pageSize;
    private final ByteBuffer batchEntries = PagemapEntries.buffer(PagemapFile.FRAMES_BATCH_PAGES);
    private final long[] frameStates = new long[PagemapFile.FRAMES_BATCH_PAGES];
    private final PageRuns runs = new PageRuns(null);

    PresentFrames(PagemapEntries entries, PageFrames frames, long pageSize) {
        this.entries = entries;
        this.frames = frames;
        this.pageSize = pageSize;
    }

    /** True if every present page's frame is read (an explicit {@code detail=full}: large folios). */
    boolean everyFrame() {
        return frames.readsEveryFrame();
    }

    /**
     * Hands [start, end), which holds present pages, to {@code sink} as pagemap tells its pages,
     * each present run with what its frames tell (zero page, shared, map count): exclusive pages
     * are mapped once without a frame read, unless every frame is read.
     */
    void walk(long start, long end, PageSink sink) {
        long started = frames.work().start();
        try {
            runs.to(sink);
            long endPage = (end + pageSize - 1) / pageSize;
            for (long page = start / pageSize; page < endPage; ) {
                int batch = (int) Math.min(PagemapFile.FRAMES_BATCH_PAGES, endPage - page);
                if (!entries.read(batchEntries, page, batch, runs, frames.clock())) {
                    runs.run(page * pageSize, endPage * pageSize, RunState.UNREADABLE);
                    break;
                }
                boolean looked = false;
                int runStart = 0;
                long runState = 0;
                for (int i = 0; i < batch; i++) {
                    long entry = batchEntries.getLong(i * PagemapEntry.SIZE);
                    long state;
                    if (!PagemapEntry.isPresent(entry)) {
                        state = PagemapEntry.isSwapped(entry) ? RunState.SWAPPED : RunState.NOT_PRESENT;
                    } else if (PagemapEntry.isExclusive(entry) && !frames.readsEveryFrame()) {
                        state = RunState.PRESENT | RunState.MAPPED_ONCE;
                    } else {
                        if (!looked) {
                            frames.lookup(batchEntries, batch, frameStates, runs);
                            looked = true;
                        }
                        state = RunState.PRESENT | frameStates[i];
                    }
                    if (i > 0 && state != runState) {
                        runs.run((page + runStart) * pageSize, (page + i) * pageSize, runState);
                        runStart = i;
                    }
                    runState = state;
                }
                runs.run((page + runStart) * pageSize, (page + batch) * pageSize, runState);
                page += batch;
            }
            runs.flush();
        } finally {
            frames.work().stop(started);
        }
    }

    /**
     * Hands [start, end), known to be present and mapped by huge pages of at least a page-table
     * page ({@code pageSize / 8} pages, 2 MiB with 4 KiB pages), start aligned to one, to
     * {@code sink} with what pagemap's exclusive bit and the page frames tell (zero, shared, map
     * count), each run also carrying {@code also}. One frame per huge page is read.
     */
    void walkHuge(long start, long end, long also, PageSink sink) {
        long started = frames.work().start();
        try {
            runs.to(sink);
            long endPage = (end + pageSize - 1) / pageSize;
            for (long page = start / pageSize; page < endPage; ) {
                int batch = (int) Math.min(PagemapFile.FRAMES_BATCH_PAGES, endPage - page);
                if (!entries.read(batchEntries, page, batch, runs, frames.clock())) {
                    runs.run(page * pageSize, endPage * pageSize, RunState.PRESENT | RunState.FRAMES_UNREADABLE | also);
                    break;
                }
                frames.lookupHuge(batchEntries, batch, (int) (pageSize / PagemapEntry.SIZE), frameStates, runs);
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
            runs.flush();
        } finally {
            frames.work().stop(started);
        }
    }
}
