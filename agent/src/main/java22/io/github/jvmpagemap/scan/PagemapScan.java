package io.github.jvmpagemap.scan;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.jvmpagemap.proc.LibC;
import io.github.jvmpagemap.proc.ProcFiles;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The PAGEMAP_SCAN ioctl (Linux 6.7+) on {@code /proc/self/pagemap}, through FFM: the kernel
 * walks the page tables and returns only runs of pages that are present or swapped, with
 * their categories (huge, zero page), so the cost follows the number of runs, not of pages.
 * The argument, the result vector and the errno slot are allocated once and reused.
 *
 * <p>Ranges mapped by several views (JDK 17's ZGC; generational ZGC has one view) are read
 * through {@link PagemapFile}, which unites the views page by page; the ioctl then adds only
 * the huge and zero pages of the first view. With {@code detail=full} the frames of present
 * runs are read through {@link PresentFrames}.
 */
final class PagemapScan implements PageTable {
    /** page_region entries per ioctl; the walk resumes from walk_end when they run out. */
    static final int VEC_LEN = 2048;

    /**
     * The longest gap, in pages, held in a span between present regions that are read with their
     * frames (see {@link Emit}): reading its entries costs less than a pread more.
     */
    static final int SPAN_GAP_PAGES = 64;

    private static final long WANTED = KernelAbi.PAGE_IS_PRESENT | KernelAbi.PAGE_IS_SWAPPED;
    private static final long RETURNED = WANTED | KernelAbi.PAGE_IS_HUGE | KernelAbi.PAGE_IS_PFNZERO;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment arg;
    private final MemorySegment vec;
    private final MemorySegment errno;
    private final PagemapFile pagemap;
    /** The frames of present runs; null without {@code detail=full}. */
    private final PresentFrames frames;
    private final long pageSize;
    /** The most a span read through pagemap at once covers: one batch of its entries. */
    private final long spanBytes;
    private final Emit emit = new Emit();
    private final FirstView firstView = new FirstView();
    private int fd = -1;

    private PagemapScan(PagemapFile pagemap, PresentFrames frames, long pageSize) {
        this.pagemap = pagemap;
        this.frames = frames;
        this.pageSize = pageSize;
        this.spanBytes = (long) PagemapFile.FRAMES_BATCH_PAGES * pageSize;
        this.arg = arena.allocate(KernelAbi.PM_SCAN_ARG_SIZE, Long.BYTES);
        this.vec = arena.allocate((long) VEC_LEN * KernelAbi.PAGE_REGION_SIZE, pageSize);
        this.errno = LibC.errnoSlot(arena);
    }

    /**
     * Opens the pagemap for the ioctl and asks the kernel once whether it answers. Call only
     * when native access is enabled: the downcalls are restricted methods.
     *
     * @param pagemap for multi-mapped ranges; owned by the result from then on
     * @param frames the frames of present runs for {@code detail=full}, or null; they share
     *     {@code pagemap}'s reads and frames
     * @throws PageTableUnavailableException naming why the ioctl cannot be used
     */
    static PagemapScan open(ProcFiles proc, PagemapFile pagemap, PresentFrames frames)
            throws PageTableUnavailableException {
        PagemapScan scan = new PagemapScan(pagemap, frames, proc.pageSize());
        try {
            scan.fd = LibC.openReadOnly(scan.arena, scan.errno, proc.pagemap());
            if (scan.fd < 0) {
                throw new PageTableUnavailableException("cannot open " + proc.pagemap() + " (errno " + scan.errno()
                        + ")");
            }
            // The probe: one page this object owns, so it is mapped whatever the kernel says.
            long probe = scan.vec.address();
            int regions = scan.ioctl(probe, probe + scan.pageSize);
            if (regions < 0) {
                throw new PageTableUnavailableException("the kernel does not answer PAGEMAP_SCAN (errno "
                        + scan.errno() + "; Linux 6.7 or newer is needed, this is " + System.getProperty("os.version")
                        + ")");
            }
            return scan;
        } catch (PageTableUnavailableException e) {
            scan.closeNative();
            throw e;
        } catch (Throwable t) {
            scan.closeNative();
            throw new PageTableUnavailableException("PAGEMAP_SCAN could not be set up: " + t);
        }
    }

    @Override
    public String method() {
        return "scan";
    }

    @Override
    public Detail detail() {
        return pagemap.detail();
    }

    @Override
    public boolean measures(Capability capability) {
        // The ioctl has no category for shared pages: those come from pagemap entries, read with the frames.
        return switch (capability) {
            case HUGE_PAGES, ZERO_PAGES -> true;
            case SHARING, MAP_COUNTS -> pagemap.measures(Capability.MAP_COUNTS);
            // Present runs the ioctl does not call HUGE are on large folios where their frames say THP.
            case LARGE_FOLIOS -> pagemap.measures(Capability.LARGE_FOLIOS);
            case WRITTEN_PAGES -> false;
        };
    }

    @Override
    public boolean readsMoreForSharing() {
        // Large folios need every present page's frame: then sparing sharing's reads spares nothing.
        return pagemap.measures(Capability.MAP_COUNTS) && !pagemap.measures(Capability.LARGE_FOLIOS);
    }

    @Override
    public SharingCost sharingCost() {
        return pagemap.sharingCost();
    }

    /**
     * Walks [start, end) with the ioctl, which reports only present and swapped pages: what lies
     * between its regions is not present. With frames ({@code detail=full}) present regions are
     * handed on with what their frames tell. Multi-mapped ranges are walked through pagemap, which
     * unites the views, and present runs then take their huge and zero pages from the ioctl over
     * the first view. A walk that stops leaves the rest of the range unreadable, never absent.
     */
    @Override
    public void walk(long start, long end, long[] views, Sharing sharing, PageSink sink) {
        if (views.length > 0) {
            // pagemap unites the views (with their frames, if read); the ioctl adds huge and zero pages.
            firstView.out = sink;
            pagemap.walk(start, end, views, Sharing.READ, firstView);
            return;
        }
        emit.out = sink;
        // Large folios (an explicit detail=full) need every present page's frame, shareable or not.
        emit.readFrames = frames != null && (sharing == Sharing.READ || frames.everyFrame());
        // Memory nobody else can map: every present page is mapped once, with no read to say so;
        // memory whose sharing is left unread: neither shared pages nor map counts are known.
        emit.extra = frames == null || emit.readFrames ? 0 : sharing == Sharing.IMPOSSIBLE ? RunState.MAPPED_ONCE
                : RunState.SHARING_UNREAD | RunState.MAP_COUNT_UNREAD;
        walkSafely(start, end, sink);
    }

    /** Walks with {@link #emit}; a failure is said to {@code sink} and the rest left unreadable. */
    private void walkSafely(long start, long end, PageSink sink) {
        try {
            walk(start, end, emit);
            emit.flush();
        } catch (WalkFailed e) {
            emit.flush();
            sink.error(e.getMessage());
            sink.run(e.at, end, RunState.UNREADABLE);
        }
    }

    /**
     * Hands the ioctl's regions on as runs; reused, so a walk allocates nothing. With frames,
     * neighbouring present regions (not huge) and the short gaps between them are held and read
     * through pagemap as one span: one pread of their entries and one look-up of their frames,
     * whose read windows then reach across the gaps, where a read per region cost a pagemap
     * pread each and broke the windows at every gap (a shared library's pages lie in hundreds of
     * short runs).
     */
    private final class Emit implements Regions {
        PageSink out;
        /** Bits every present run also carries: what pagemap told of a multi-mapped range, or a map count of 1. */
        long extra;
        /** Whether present runs are handed on with what pagemap and their frames tell. */
        boolean readFrames;
        /** The span held for one read through pagemap: [spanStart, spanEnd), present up to presentEnd; empty if equal. */
        private long spanStart;
        private long spanEnd;
        private long presentEnd;

        @Override
        public void region(long from, long to, long categories) {
            if ((categories & KernelAbi.PAGE_IS_PRESENT) != 0) {
                if (readFrames) {
                    // HUGE means PMD-mapped (or hugetlb): one frame per huge page suffices.
                    if ((categories & KernelAbi.PAGE_IS_HUGE) != 0) {
                        flush();
                        frames.walkHuge(from, to, RunState.HUGE | extra, out);
                    } else {
                        if (spanStart < spanEnd && to - spanStart > spanBytes) {
                            flush();
                        }
                        if (spanStart == spanEnd) {
                            spanStart = from;
                        }
                        spanEnd = to;
                        presentEnd = to;
                    }
                } else {
                    long state = RunState.PRESENT | extra;
                    if ((categories & KernelAbi.PAGE_IS_PFNZERO) != 0) {
                        state |= RunState.ZERO;
                    } else if ((categories & KernelAbi.PAGE_IS_HUGE) != 0) {
                        state |= RunState.HUGE;
                    }
                    out.run(from, to, state);
                }
            } else if (spanStart < spanEnd && to - presentEnd <= SPAN_GAP_PAGES * pageSize
                    && to - spanStart <= spanBytes) {
                // Perhaps between two present regions: read with them, pagemap tells the same.
                spanEnd = to;
            } else {
                flush();
                out.run(from, to, (categories & KernelAbi.PAGE_IS_SWAPPED) != 0 ? RunState.SWAPPED : RunState.NOT_PRESENT);
            }
        }

        /** Reads the span held, if any, through pagemap: its pages' states and frames, as pagemap tells them. */
        void flush() {
            if (spanStart < spanEnd) {
                long from = spanStart;
                long to = spanEnd;
                spanStart = spanEnd;
                frames.walk(from, to, out);
            }
        }
    }

    /**
     * Refines the present runs of a multi-mapped range (united by pagemap) with the ioctl's
     * huge and zero pages over the first view; pages present only in another view stay plain.
     */
    private final class FirstView implements PageSink {
        PageSink out;

        @Override
        public void run(long from, long to, long state) {
            if (!RunState.is(state, RunState.PRESENT)) {
                out.run(from, to, state);
                return;
            }
            emit.out = out;
            emit.extra = state & ~RunState.PRESENT;
            emit.readFrames = false;
            walkSafely(from, to, out);
        }

        @Override
        public void error(String message) {
            out.error(message);
        }
    }

    /** Receives a walk of a range, in address order, piece by piece. */
    private interface Regions {
        /** [from, to) has these categories; 0 for pages neither present nor swapped. */
        void region(long from, long to, long categories);
    }

    /** Where and why a walk stopped: the pages from {@code at} on were not walked. */
    private static final class WalkFailed extends IOException {
        final long at;

        WalkFailed(long at, String message) {
            super(message);
            this.at = at;
        }
    }

    /**
     * Runs the ioctl over [start, end), continuing from walk_end until the walk reaches the end,
     * and hands {@code regions} the whole range: each region the kernel reports and the gaps
     * between them.
     */
    private void walk(long start, long end, Regions regions) throws WalkFailed {
        long at = start;
        while (at < end) {
            int found;
            try {
                found = ioctl(at, end);
            } catch (Throwable t) {
                throw new WalkFailed(at, "PAGEMAP_SCAN failed: " + t);
            }
            if (found < 0) {
                throw new WalkFailed(at, "PAGEMAP_SCAN failed at page 0x" + Long.toHexString(at / pageSize)
                        + ": errno " + errno());
            }
            long walked = at;
            for (int r = 0; r < found; r++) {
                long offset = (long) r * KernelAbi.PAGE_REGION_SIZE;
                long regionStart = vec.get(JAVA_LONG, offset);
                long regionEnd = vec.get(JAVA_LONG, offset + 8);
                if (regionStart > walked) {
                    regions.region(walked, regionStart, 0);
                }
                regions.region(regionStart, regionEnd, vec.get(JAVA_LONG, offset + 16));
                walked = regionEnd;
            }
            // When the kernel's own buffer fills part-way through a call, it still returns every
            // region up to the end of the vector but reports walk_end from the earlier point:
            // resuming there would count that stretch again. The walk resumes after what was returned.
            long walkEnd = Math.max(ScanArgument.walkEnd(arg), walked);
            if (walkEnd <= at) {
                throw new WalkFailed(at, "PAGEMAP_SCAN made no progress at page 0x" + Long.toHexString(at / pageSize));
            }
            if (walkEnd > walked) {
                regions.region(walked, walkEnd, 0);
            }
            at = walkEnd;
        }
    }

    /** One PAGEMAP_SCAN over [start, end) into {@link #vec}; the number of regions, or -1 (see errno). */
    private int ioctl(long start, long end) throws Throwable {
        ScanArgument.fill(arg, start, end, 0, 0, 0, WANTED, RETURNED, vec, VEC_LEN);
        return LibC.ioctl(errno, fd, KernelAbi.PAGEMAP_SCAN, arg);
    }

    private int errno() {
        return LibC.errno(errno);
    }

    @Override
    public void release() {
        pagemap.release();
    }

    @Override
    public void close() {
        pagemap.close();
        closeNative();
    }

    private void closeNative() {
        LibC.closeAll(fd, arena);
        fd = -1;
    }
}
