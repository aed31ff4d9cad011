package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcessStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code detail=full}: the page frames behind present pages, from {@code /proc/kpageflags}
 * (huge page, zero page) and {@code /proc/kpagecount} (map count: shared, proportional). Both
 * are indexed by frame number, which pagemap shows only to a process with CAP_SYS_ADMIN.
 * Frame numbers stay inside this class and its caller's reused buffer: never published.
 *
 * <p>A pread per page would cost about 0.4 us, so frames are read in windows: consecutive
 * present pages whose frames fall within {@link #WINDOW} frames of the first are read with one
 * pread of each file. A 2 MiB huge page, or a run of frames the buddy allocator handed out in
 * order, is one window.
 */
final class PageFrames implements AutoCloseable {
    /** Frames per read: one 2 MiB huge page of 4 KiB pages. */
    static final int WINDOW = 512;

    private final Path flagsPath;
    private final Path countPath;
    private FileChannel flagsFile;
    private FileChannel countFile;
    private final ByteBuffer flags = ByteBuffer.allocateDirect(WINDOW * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer mapCounts = ByteBuffer.allocateDirect(WINDOW * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);

    PageFrames(Path kpageflags, Path kpagecount) throws IOException {
        this.flagsPath = kpageflags;
        this.countPath = kpagecount;
        this.flagsFile = FileChannel.open(kpageflags, StandardOpenOption.READ);
        try {
            this.countFile = FileChannel.open(kpagecount, StandardOpenOption.READ);
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
    static PageFrames forDetail(String detail, ProcFiles proc) throws PageTableUnavailableException {
        if (detail.equals("basic")) {
            return null;
        }
        boolean privileged = ProcessStatus.hasSysAdmin(proc.status());
        if (privileged) {
            try {
                return new PageFrames(proc.kpageflags(), proc.kpagecount());
            } catch (IOException | SecurityException e) {
                if (detail.equals("full")) {
                    throw new PageTableUnavailableException("detail=full: cannot read " + proc.kpageflags()
                            + " and " + proc.kpagecount() + " (" + e.getMessage() + "); use detail=basic or auto");
                }
                return null;
            }
        }
        if (detail.equals("full")) {
            throw new PageTableUnavailableException("detail=full needs CAP_SYS_ADMIN (to read /proc/kpageflags and"
                    + " /proc/kpagecount), which this process does not have; use detail=basic or auto");
        }
        return null;
    }

    /**
     * The informational line for {@code detail=auto} falling back to basic: which figures the
     * page table leaves unmeasured.
     */
    static String basicNote(PageTable table) {
        return "detail=basic: without CAP_SYS_ADMIN page frames cannot be examined, so "
                + (table.countsZeroPages() ? "shared and proportional" : "shared, proportional and zeroPage")
                + " show as n/a"
                + (table.countsHugePages() ? "" : "; hugePage comes from /proc/self/smaps, per mapping");
    }

    /**
     * Adds the frames of the present entries among the first {@code n} of {@code entries}
     * (pagemap entries, little-endian u64) to {@code counts}: huge, zero, shared, proportional.
     */
    void tally(ByteBuffer entries, int n, PageCounts counts) {
        int i = 0;
        while (i < n) {
            long first = frameAt(entries, i);
            if (first == 0) {
                i++;
                continue;
            }
            // The window grows either way: page faults often take frames in descending order.
            long end = first + 1;
            int last = i + 1;
            for (; last < n; last++) {
                long frame = frameAt(entries, last);
                if (frame != 0) {
                    long low = Math.min(first, frame);
                    long high = Math.max(end, frame + 1);
                    if (high - low > WINDOW) {
                        break;
                    }
                    first = low;
                    end = high;
                }
            }
            int frames = (int) (end - first);
            if (reopened(counts) && read(flagsFile, flagsPath, flags, first, frames, counts)
                    && read(countFile, countPath, mapCounts, first, frames, counts)) {
                tallyWindow(entries, i, last, first, counts);
            } else {
                for (int k = i; k < last; k++) {
                    counts.framesUnreadable += frameAt(entries, k) != 0 ? 1 : 0;
                }
            }
            i = last;
        }
    }

    /**
     * As {@link #tally}, for entries known to be mapped by huge pages (PMD or larger) of
     * {@code blockPages} pages each, the first entry at a block boundary: every page of a huge
     * page has the same flags and map count, so one frame per block is read and counted for
     * all the block's present pages.
     */
    void tallyHuge(ByteBuffer entries, int n, int blockPages, PageCounts counts) {
        for (int block = 0; block < n; block += blockPages) {
            long frame = frameAt(entries, block);
            if (frame == 0 || !reopened(counts) || !read(flagsFile, flagsPath, flags, frame, 1, counts)
                    || !read(countFile, countPath, mapCounts, frame, 1, counts)) {
                for (int k = block; k < Math.min(n, block + blockPages); k++) {
                    counts.framesUnreadable += frameAt(entries, k) != 0 ? 1 : 0;
                }
                continue;
            }
            int pages = 0;
            for (int k = block; k < Math.min(n, block + blockPages); k++) {
                pages += frameAt(entries, k) != 0 ? 1 : 0;
            }
            tallyFrame(flags.getLong(0), mapCounts.getLong(0), pages, counts);
        }
    }

    private void tallyWindow(ByteBuffer entries, int from, int to, long first, PageCounts counts) {
        for (int k = from; k < to; k++) {
            long frame = frameAt(entries, k);
            if (frame == 0) {
                continue;
            }
            int at = (int) (frame - first) * Long.BYTES;
            tallyFrame(flags.getLong(at), mapCounts.getLong(at), 1, counts);
        }
    }

    /** Counts {@code pages} pages whose frames have these flags and map count. */
    private static void tallyFrame(long pageFlags, long mapCount, int pages, PageCounts counts) {
        if ((pageFlags & KernelAbi.KPF_ZERO_PAGE) != 0) {
            // Like the kernel's own Rss and Pss, the zero page is nobody's memory.
            counts.zero += pages;
            return;
        }
        if ((pageFlags & (KernelAbi.KPF_THP | KernelAbi.KPF_HUGE)) != 0) {
            counts.huge += pages;
        }
        if (mapCount > 1) {
            counts.shared += pages;
            counts.proportional += (double) pages / mapCount;
        } else {
            counts.proportional += pages;
        }
    }

    /** An interrupt closes a FileChannel: reopen rather than fail every later scan. */
    private boolean reopened(PageCounts counts) {
        try {
            if (!flagsFile.isOpen()) {
                flagsFile = FileChannel.open(flagsPath, StandardOpenOption.READ);
            }
            if (!countFile.isOpen()) {
                countFile = FileChannel.open(countPath, StandardOpenOption.READ);
            }
            return true;
        } catch (IOException e) {
            counts.unreadable(0, "cannot read " + flagsPath + ": " + e.getMessage());
            return false;
        }
    }

    /** The frame of entry {@code i} if it is present and shows one, else 0. */
    private static long frameAt(ByteBuffer entries, int i) {
        long entry = entries.getLong(i * PagemapEntry.SIZE);
        return PagemapEntry.isPresent(entry) ? PagemapEntry.frame(entry) : 0;
    }

    /** Reads {@code frames} u64 from frame {@code first}; a short read is an error, recorded once. */
    private static boolean read(FileChannel file, Path path, ByteBuffer into, long first, int frames,
            PageCounts counts) {
        into.clear().limit(frames * Long.BYTES);
        long position = first * Long.BYTES;
        try {
            while (into.hasRemaining()) {
                if (file.read(into, position + into.position()) <= 0) {
                    counts.unreadable(0, "short read of " + path);
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            counts.unreadable(0, "cannot read " + path + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        try {
            flagsFile.close();
            countFile.close();
        } catch (IOException ignored) {
            // Closing read-only /proc files cannot lose data.
        }
    }
}
