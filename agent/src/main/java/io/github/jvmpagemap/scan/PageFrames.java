package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcReader;
import io.github.jvmpagemap.proc.ProcReaders;
import io.github.jvmpagemap.proc.ProcessStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * {@code detail=full}: the page frames behind present pages that are not exclusive, from
 * {@code /proc/kpageflags} (zero page) and {@code /proc/kpagecount} (map count: shared,
 * proportional). Both are indexed by frame number, which pagemap shows only to a process with
 * CAP_SYS_ADMIN. Frame numbers stay inside this class and its caller's reused buffer: never
 * published. An exclusive page (pagemap's bit 56, most of a JVM's memory) is mapped once and is
 * not the zero page, which pagemap says without a frame read: only the others are read.
 *
 * <p>An explicit {@code detail=full} also tells large folios, which only kpageflags marks: then
 * the kpageflags of every present page are read ({@link #everyFrame}), and kpagecount still only
 * for windows holding a page that is not exclusive. {@code detail=auto} stays with the cheap
 * reads and leaves large folios unmeasured.
 *
 * <p>A pread per page would cost about 0.4 us, so frames are read in windows: consecutive
 * present pages whose frames lie within {@link #GAP} frames of the window so far, and within
 * {@link #WINDOW} frames of its first, are read with one pread of each file. A 2 MiB huge page, or
 * a run of frames the buddy allocator handed out in order, is one window; page-cache frames of a
 * shared library, scattered over physical memory, are mostly a window each.
 */
final class PageFrames implements SharingCost, AutoCloseable {
    /** Frames per read: one 2 MiB huge page of 4 KiB pages. */
    static final int WINDOW = 512;
    /**
     * The most frames a window reads that no page asked for, between two that were: a pread costs
     * about as much as 3-4 frames more of kpagecount (about 0.3 us against 0.09 us a frame, measured
     * here), so a wider gap is read apart. Without this bound a window took in any frame within
     * {@link #WINDOW} of its first, and the scattered frames of shared libraries made windows of
     * hundreds of frames for a few pages each.
     */
    static final int GAP = 4;

    /** Whether the flags of exclusive pages are read too: large folios ({@link Capability#LARGE_FOLIOS}). */
    private final boolean everyFrame;
    private final Path flagsPath;
    private final Path countPath;
    private final ProcReader flagsFile;
    private final ProcReader countFile;
    private final ByteBuffer flags = ByteBuffer.allocateDirect(WINDOW * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer mapCounts = ByteBuffer.allocateDirect(WINDOW * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    /** Times the frame reads, and the pagemap reads made only for frames (see {@link PresentFrames}). */
    private final ReadClock clock = new ReadClock();
    /** Times all the work only frames need, reads and all: what a scan without them would not do. */
    private final ReadClock work = new ReadClock();

    /**
     * @param everyFrame read the flags of every present page, exclusive or not, to tell large
     *     folios (an explicit {@code detail=full}); else only the frames of pages not exclusive
     */
    PageFrames(Path kpageflags, Path kpagecount, boolean everyFrame) throws IOException {
        this.everyFrame = everyFrame;
        this.flagsPath = kpageflags;
        this.countPath = kpagecount;
        this.flagsFile = ProcReaders.open(kpageflags);
        try {
            this.countFile = ProcReaders.open(kpagecount);
        } catch (IOException e) {
            flagsFile.close();
            throw e;
        }
    }

    /**
     * The frames reader the {@code detail} option asks for: null for {@code basic}, and for
     * {@code auto} when this process may not read frames.
     *
     * @throws PageTableUnavailableException if {@code full} was asked for and cannot be had
     */
    static PageFrames forDetail(Detail detail, ProcFiles proc) throws PageTableUnavailableException {
        if (detail == Detail.BASIC) {
            return null;
        }
        boolean privileged;
        try {
            privileged = ProcessStatus.hasSysAdmin(proc.status());
        } catch (IOException e) {
            if (detail == Detail.FULL) {
                throw new PageTableUnavailableException("detail=full needs CAP_SYS_ADMIN, and whether this process"
                        + " has it cannot be told: " + e.getMessage() + "; use detail=basic or auto");
            }
            return null;
        }
        if (privileged) {
            try {
                // Only an explicit full pays for a frame read per present page: auto must stay cheap.
                return new PageFrames(proc.kpageflags(), proc.kpagecount(), detail == Detail.FULL);
            } catch (IOException | SecurityException e) {
                if (detail == Detail.FULL) {
                    throw new PageTableUnavailableException("detail=full: cannot read " + proc.kpageflags()
                            + " and " + proc.kpagecount() + " (" + (e instanceof IOException io ? IoFailure.reason(io) : e.toString())
                            + "); use detail=basic or auto");
                }
                return null;
            }
        }
        if (detail == Detail.FULL) {
            throw new PageTableUnavailableException("detail=full needs CAP_SYS_ADMIN (to read /proc/kpageflags and"
                    + " /proc/kpagecount), which this process does not have; use detail=basic or auto");
        }
        return null;
    }

    /** The clock of the reads that only frames need. */
    ReadClock clock() {
        return clock;
    }

    /** The clock of all the work that only frames need. */
    ReadClock work() {
        return work;
    }

    @Override
    public void timing(boolean on) {
        clock.timing(on);
        work.timing(on);
    }

    @Override
    public long readNanos() {
        return clock.nanos();
    }

    @Override
    public long workNanos() {
        return work.nanos();
    }

    /** True if every present page's frame is read, so large folios are told. */
    boolean readsEveryFrame() {
        return everyFrame;
    }

    /** As {@link #lookup}, timed as work that only frames need. */
    void lookupTimed(ByteBuffer entries, int n, long[] out, PageSink errors) {
        long started = work.start();
        try {
            lookup(entries, n, out, errors);
        } finally {
            work.stop(started);
        }
    }

    /**
     * Sets {@code out[i]}, for each present entry among the first {@code n} of {@code entries}
     * (pagemap entries, little-endian u64) that shows a frame, to what its frame tells as
     * {@link RunState} bits: zero page, shared, map count, large folio ({@link #everyFrame}
     * only); or {@link RunState#FRAMES_UNREADABLE}. Exclusive entries get a map count of 1
     * without reading it; other entries get 0. Read errors go to {@code errors}.
     */
    void lookup(ByteBuffer entries, int n, long[] out, PageSink errors) {
        int i = 0;
        while (i < n) {
            long first = frameAt(entries, i, everyFrame);
            if (first == 0) {
                out[i] = unread(entries, i);
                i++;
                continue;
            }
            // The window grows either way (page faults often take frames in descending order), by
            // at most GAP frames no page asks for.
            long end = first + 1;
            // Map counts are read only for a window with a page that is not exclusive.
            boolean counts = !exclusive(entries, i);
            int last = i + 1;
            // Only anonymous memory can map the zero page: flags are read only if the window has some.
            boolean anonymous = !PagemapEntry.isFileOrShared(entries.getLong(i * PagemapEntry.SIZE));
            for (; last < n; last++) {
                long frame = frameAt(entries, last, everyFrame);
                if (frame != 0) {
                    long low = Math.min(first, frame);
                    long high = Math.max(end, frame + 1);
                    if (high - low > WINDOW || frame + GAP < first || frame >= end + GAP) {
                        break;
                    }
                    first = low;
                    end = high;
                    anonymous |= !PagemapEntry.isFileOrShared(entries.getLong(last * PagemapEntry.SIZE));
                    counts |= !exclusive(entries, last);
                }
            }
            int frames = (int) (end - first);
            // Flags tell the zero page (anonymous memory only) and large folios (every frame, if asked).
            boolean flagsNeeded = anonymous || everyFrame;
            boolean read = (!flagsNeeded || read(flagsFile, flagsPath, flags, first, frames, errors))
                    && (!counts || read(countFile, countPath, mapCounts, first, frames, errors));
            for (int k = i; k < last; k++) {
                long frame = frameAt(entries, k, everyFrame);
                if (frame == 0) {
                    out[k] = unread(entries, k);
                } else if (!read) {
                    out[k] = RunState.FRAMES_UNREADABLE;
                } else {
                    int at = (int) (frame - first) * Long.BYTES;
                    out[k] = stateOf(flagsNeeded ? flags.getLong(at) : 0, exclusive(entries, k) ? 1
                            : mapCounts.getLong(at));
                }
            }
            i = last;
        }
    }

    /**
     * As {@link #lookup}, for entries known to be mapped by huge pages (PMD or larger) of
     * {@code blockPages} pages each, the first entry at a block boundary: every page of a huge
     * page has the same flags and map count, so one frame per block is read. A page mapped by a
     * PMD is a huge page, not a large folio: exclusive ones are not read even with
     * {@link #everyFrame}, and none is marked {@link RunState#LARGE_FOLIO}.
     */
    void lookupHuge(ByteBuffer entries, int n, int blockPages, long[] out, PageSink errors) {
        for (int block = 0; block < n; block += blockPages) {
            long frame = frameAt(entries, block, false);
            long state = frame == 0 ? unread(entries, block)
                    : !read(flagsFile, flagsPath, flags, frame, 1, errors)
                    || !read(countFile, countPath, mapCounts, frame, 1, errors)
                    ? RunState.FRAMES_UNREADABLE
                    : stateOf(flags.getLong(0), mapCounts.getLong(0)) & ~RunState.LARGE_FOLIO;
            for (int k = block; k < Math.min(n, block + blockPages); k++) {
                long entry = entries.getLong(k * PagemapEntry.SIZE);
                out[k] = PagemapEntry.isPresent(entry) ? state : 0;
            }
        }
    }

    /**
     * What a frame with these flags and map count tells, as {@link RunState} bits. Huge pages
     * are not among them: kpageflags marks every page of a large folio, PTE-mapped ones too,
     * where smaps (and so the hugePage figure) counts only PMD-mapped and hugetlb pages. Large
     * folios are (with {@link #everyFrame}, where every present page's flags are read): the
     * kernel's THP flag, on any large folio that is not hugetlb (which it marks HUGE instead).
     * The caller, or the page table's HUGE category, tells which of them are mapped by a PMD.
     */
    private long stateOf(long pageFlags, long mapCount) {
        if ((pageFlags & KernelAbi.KPF_ZERO_PAGE) != 0) {
            // The huge zero page is marked THP too: like any zero page, nobody's memory.
            return RunState.ZERO;
        }
        boolean largeFolio = everyFrame && (pageFlags & (KernelAbi.KPF_THP | KernelAbi.KPF_HUGE)) == KernelAbi.KPF_THP;
        return RunState.of((mapCount > 1 ? RunState.SHARED : 0) | (largeFolio ? RunState.LARGE_FOLIO : 0), 0,
                Math.max(1, mapCount));
    }

    /**
     * The frame of entry {@code i} if its frame must be read: present, showing one, and (unless
     * {@code evenExclusive}) not exclusive: an exclusive page's map count is 1 and it is not the
     * zero page, so only its flags can tell more (a large folio).
     */
    private static long frameAt(ByteBuffer entries, int i, boolean evenExclusive) {
        long entry = entries.getLong(i * PagemapEntry.SIZE);
        return PagemapEntry.isPresent(entry) && (evenExclusive || !PagemapEntry.isExclusive(entry))
                ? PagemapEntry.frame(entry) : 0;
    }

    private static boolean exclusive(ByteBuffer entries, int i) {
        return PagemapEntry.isExclusive(entries.getLong(i * PagemapEntry.SIZE));
    }

    /** The state of entry {@code i} whose frame is not read: exclusive pages are mapped once; 0 for the rest. */
    private static long unread(ByteBuffer entries, int i) {
        long entry = entries.getLong(i * PagemapEntry.SIZE);
        return PagemapEntry.isPresent(entry) && PagemapEntry.isExclusive(entry) ? RunState.MAPPED_ONCE : 0;
    }

    /** Reads {@code frames} u64 from frame {@code first}; a short read is an error, recorded once. */
    private boolean read(ProcReader file, Path path, ByteBuffer into, long first, int frames, PageSink errors) {
        into.clear().limit(frames * Long.BYTES);
        long position = first * Long.BYTES;
        long started = clock.start();
        try {
            while (into.hasRemaining()) {
                if (file.read(into, position + into.position()) <= 0) {
                    errors.error("short read of " + path);
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            errors.error("cannot read " + path + ": " + e.getMessage());
            return false;
        } finally {
            clock.stop(started);
        }
    }

    /** Lets go of descriptors that must not outlive a scan (see {@link ProcReader}). */
    void release() {
        flagsFile.release();
        countFile.release();
    }

    @Override
    public void close() {
        flagsFile.close();
        countFile.close();
    }
}
