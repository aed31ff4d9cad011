package io.github.jvmpagemap.scan;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.github.jvmpagemap.proc.LibC;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * {@link WriteTracker} through FFM: one userfaultfd per window, asking for
 * {@code UFFD_FEATURE_WP_ASYNC} alone and registering in write-protect mode alone (the synchronous
 * modes, {@code UFFDIO_WRITEPROTECT} and the event features can make the application wait for a
 * reader; none is used). Pages are armed and read with {@code PAGEMAP_SCAN} over whole registered
 * mappings, huge pages left out: a PMD-mapped huge page lies wholly inside its mapping, so no call
 * covers part of one, and none is write-protected, which would split it at its first write.
 * The argument, result vector and errno slot are allocated once; registered ranges are kept in
 * growing arrays.
 */
final class UffdWriteTracker implements WriteTracker {
    /** page_region entries per ioctl. */
    private static final int VEC_LEN = 2048;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment arg;
    private final MemorySegment vec;
    private final MemorySegment errno;
    /** uffdio_api, then uffdio_register: 32 bytes serve both. */
    private final MemorySegment uffdArg;
    private final long syscall;
    private int pagemap = -1;
    private int uffd = -1;
    private long armedAt;
    private int sampleEvery = 1;
    /** The sampled blocks with present pages of one range, collected before they are armed block by block. */
    private long[] picked = new long[1024];
    private int pickedCount;
    private long[] starts = new long[256];
    private long[] ends = new long[256];
    private int registered;

    private UffdWriteTracker(long syscall, long pageSize) {
        this.syscall = syscall;
        this.arg = arena.allocate(KernelAbi.PM_SCAN_ARG_SIZE, Long.BYTES);
        // Page-aligned: its first page is the probe's range.
        this.vec = arena.allocate((long) VEC_LEN * KernelAbi.PAGE_REGION_SIZE, pageSize);
        this.uffdArg = arena.allocate(32, Long.BYTES);
        this.errno = LibC.errnoSlot(arena);
    }

    /**
     * Opens the pagemap and tries one window on nothing, so that what the kernel or a seccomp
     * profile refuses is known now, with its reason.
     */
    static UffdWriteTracker open(ProcFiles proc) throws WriteTrackingUnavailableException {
        long number = KernelAbi.userfaultfdSyscall();
        if (number < 0) {
            throw new WriteTrackingUnavailableException("written pages are not supported on "
                    + System.getProperty("os.arch"));
        }
        UffdWriteTracker tracker = new UffdWriteTracker(number, proc.pageSize());
        try {
            tracker.pagemap = LibC.openReadOnly(tracker.arena, tracker.errno, proc.pagemap());
            if (tracker.pagemap < 0) {
                throw new WriteTrackingUnavailableException("cannot open " + proc.pagemap() + " ("
                        + LibC.describe(tracker.errno()) + ")");
            }
            // PAGEMAP_SCAN over one page of this tracker's own memory: Linux 6.7+.
            long probe = tracker.vec.address();
            if (tracker.scan(probe, probe + proc.pageSize(), 0, 0, 0, KernelAbi.PAGE_IS_PRESENT,
                    KernelAbi.PAGE_IS_PRESENT) < 0) {
                throw new WriteTrackingUnavailableException("the kernel does not answer PAGEMAP_SCAN ("
                        + LibC.describe(tracker.errno()) + "; Linux 6.7 or newer is needed)");
            }
            tracker.openDescriptor();
            tracker.end();
            return tracker;
        } catch (WriteTrackingUnavailableException e) {
            tracker.close();
            throw e;
        } catch (Throwable t) {
            tracker.close();
            throw new WriteTrackingUnavailableException("userfaultfd could not be set up (" + t + ")");
        }
    }

    /** A userfaultfd with asynchronous write-protect and nothing else, in {@link #uffd}. */
    private void openDescriptor() throws Throwable {
        long fd = LibC.syscall(errno, syscall,
                KernelAbi.UFFD_USER_MODE_ONLY | KernelAbi.O_CLOEXEC | KernelAbi.O_NONBLOCK);
        if (fd < 0) {
            int e = errno();
            throw new WriteTrackingUnavailableException("userfaultfd is refused (" + LibC.describe(e) + (e == 1
                    ? ": a container's seccomp profile, or vm.unprivileged_userfaultfd"
                    : e == 38 ? ": this kernel has no userfaultfd" : "") + ")");
        }
        uffd = (int) fd;
        uffdArg.set(JAVA_LONG, 0, KernelAbi.UFFD_API);
        uffdArg.set(JAVA_LONG, 8, KernelAbi.UFFD_FEATURE_WP_ASYNC);
        uffdArg.set(JAVA_LONG, 16, 0);
        if (LibC.ioctl(errno, uffd, KernelAbi.UFFDIO_API, uffdArg) < 0) {
            int e = errno();
            throw new WriteTrackingUnavailableException("this kernel lacks userfaultfd's asynchronous write-protect"
                    + " mode (UFFDIO_API: " + LibC.describe(e) + "; Linux 6.7 or newer is needed)");
        }
    }

    @Override
    public void arm(MemoryMaps maps, int sampleEvery) throws IOException {
        try {
            if (uffd < 0) {
                openDescriptor();
                registered = 0;
            }
            registerNew(maps);
            this.sampleEvery = Math.max(1, sampleEvery);
            for (int r = 0; r < registered; r++) {
                if (this.sampleEvery == 1) {
                    arm(starts[r], ends[r]);
                } else {
                    // The sampled blocks with pages present now, not huge, each armed by one call. A
                    // block never lies partly in a huge page: a PMD holds whole aligned blocks.
                    pickedCount = 0;
                    walk(starts[r], ends[r], 0, KernelAbi.PAGE_IS_HUGE, KernelAbi.PAGE_IS_HUGE,
                            KernelAbi.PAGE_IS_PRESENT, KernelAbi.PAGE_IS_PRESENT, null);
                    for (int i = 0; i < pickedCount; i++) {
                        long block = picked[i] * WrittenPages.SAMPLE_BLOCK;
                        arm(Math.max(starts[r], block), Math.min(ends[r], block + WrittenPages.SAMPLE_BLOCK));
                    }
                }
            }
            armedAt = System.nanoTime();
        } catch (WriteTrackingUnavailableException e) {
            end();
            throw new IOException(e.getMessage());
        } catch (IOException e) {
            end();
            throw e;
        } catch (Throwable t) {
            end();
            throw new IOException("arming the write window failed (" + t + ")");
        }
    }

    /**
     * Arms what is written and not huge in [start, end): WRITTEN required, HUGE required absent.
     * Without PM_SCAN_CHECK_WPASYNC the kernel skips memory that is no longer registered (the JVM
     * may commit or uncommit with mmap(MAP_FIXED) between the maps read and this call): it stays
     * untracked, and the rest of the window stands.
     */
    private void arm(long start, long end) throws Throwable {
        walk(start, end, KernelAbi.PM_SCAN_WP_MATCHING, KernelAbi.PAGE_IS_HUGE,
                KernelAbi.PAGE_IS_WRITTEN | KernelAbi.PAGE_IS_HUGE, 0, KernelAbi.PAGE_IS_WRITTEN, null);
    }

    /**
     * Registers each writable anonymous or shared mapping not registered yet, in write-protect
     * mode, keeping {@link #starts} and {@link #ends} sorted. Registration is refused for some
     * (a mapped file, memory that cannot be written): those stay untracked.
     */
    private void registerNew(MemoryMaps maps) throws Throwable {
        for (int i = 0; i < maps.count(); i++) {
            byte permissions = maps.permissions(i);
            if ((permissions & MemoryMaps.WRITE) == 0
                    || (permissions & MemoryMaps.SHARED) == 0 && !maps.privateAnonymous(i)) {
                continue;
            }
            long start = maps.start(i);
            long end = maps.end(i);
            if (covered(start, end)) {
                continue;
            }
            uffdArg.set(JAVA_LONG, 0, start);
            uffdArg.set(JAVA_LONG, 8, end - start);
            uffdArg.set(JAVA_LONG, 16, KernelAbi.UFFDIO_REGISTER_MODE_WP);
            uffdArg.set(JAVA_LONG, 24, 0);
            if (LibC.ioctl(errno, uffd, KernelAbi.UFFDIO_REGISTER, uffdArg) == 0) {
                insert(start, end);
            }
        }
    }

    /** True if [start, end) lies inside one registered range. */
    private boolean covered(long start, long end) {
        int at = Arrays.binarySearch(starts, 0, registered, start);
        int r = at >= 0 ? at : -at - 2;
        return r >= 0 && starts[r] <= start && end <= ends[r];
    }

    /** Adds [start, end), joined with the ranges it overlaps (mappings registered apart may since have merged). */
    private void insert(long start, long end) {
        int first = 0;
        while (first < registered && ends[first] < start) {
            first++;
        }
        int last = first;
        while (last < registered && starts[last] <= end) {
            start = Math.min(start, starts[last]);
            end = Math.max(end, ends[last]);
            last++;
        }
        int removed = last - first;
        if (removed == 0 && registered == starts.length) {
            starts = Arrays.copyOf(starts, registered * 2);
            ends = Arrays.copyOf(ends, registered * 2);
        }
        int shift = 1 - removed;
        System.arraycopy(starts, last, starts, last + shift, registered - last);
        System.arraycopy(ends, last, ends, last + shift, registered - last);
        starts[first] = start;
        ends[first] = end;
        registered += shift;
    }

    @Override
    public boolean armed() {
        return uffd >= 0;
    }

    @Override
    public void read(WrittenPages into) throws IOException {
        if (uffd < 0) {
            throw new IllegalStateException("no write window is open");
        }
        into.clear(sampleEvery);
        try {
            // A plain read: no arming, and no check, so memory no longer registered (replaced or
            // unmapped during the window) reads without failing and shows as not WPALLOWED.
            for (int r = 0; r < registered; r++) {
                walk(starts[r], ends[r], 0, 0, 0, KernelAbi.PAGE_IS_PRESENT, KernelAbi.PAGE_IS_WPALLOWED
                        | KernelAbi.PAGE_IS_WRITTEN | KernelAbi.PAGE_IS_HUGE | KernelAbi.PAGE_IS_PFNZERO, into);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("reading the write window failed (" + t + ")");
        }
        into.windowEnded(System.nanoTime() - armedAt);
    }

    /**
     * PAGEMAP_SCAN over [start, end), resuming after what each call returned; with {@code into},
     * each present region registered and not huge is tracked, and written if the kernel says so
     * (the zero page is only read), or, for a sample, its parts in sampled blocks are; without, a
     * plain read ({@code flags} 0) collects the sampled blocks of the regions returned into
     * {@link #picked}.
     */
    private void walk(long start, long end, long flags, long inverted, long mask, long anyOf, long returned,
            WrittenPages into) throws Throwable {
        long at = start;
        while (at < end) {
            int found = scan(at, end, flags, inverted, mask, anyOf, returned);
            if (found < 0) {
                int e = errno();
                throw new IOException("PAGEMAP_SCAN failed at 0x" + Long.toHexString(at) + " (" + LibC.describe(e)
                        + ")");
            }
            long walked = at;
            for (int i = 0; i < found; i++) {
                long offset = (long) i * KernelAbi.PAGE_REGION_SIZE;
                long from = vec.get(JAVA_LONG, offset);
                long to = vec.get(JAVA_LONG, offset + 8);
                long categories = vec.get(JAVA_LONG, offset + 16);
                if (into != null && (categories & (KernelAbi.PAGE_IS_WPALLOWED | KernelAbi.PAGE_IS_HUGE))
                        == KernelAbi.PAGE_IS_WPALLOWED) {
                    into.tracked(from, to);
                    boolean written = (categories & (KernelAbi.PAGE_IS_WRITTEN | KernelAbi.PAGE_IS_PFNZERO))
                            == KernelAbi.PAGE_IS_WRITTEN;
                    if (sampleEvery == 1) {
                        if (written) {
                            into.written(from, to);
                        }
                    } else {
                        for (long piece = from; piece < to; ) {
                            long pieceEnd = Math.min(to, (piece / WrittenPages.SAMPLE_BLOCK + 1)
                                    * WrittenPages.SAMPLE_BLOCK);
                            if (WrittenPages.sampled(piece, sampleEvery)) {
                                into.sampledPiece(piece, pieceEnd, written);
                            }
                            piece = pieceEnd;
                        }
                    }
                } else if (into == null && flags == 0) {
                    pick(from, to);
                }
                walked = to;
            }
            // walk_end lags what was returned when the kernel's own buffer filled: resume after both.
            long next = Math.max(ScanArgument.walkEnd(arg), walked);
            if (next <= at) {
                throw new IOException("PAGEMAP_SCAN made no progress at 0x" + Long.toHexString(at));
            }
            at = next;
        }
    }

    /** Adds the sampled blocks of [from, to) to {@link #picked}, each once (regions come in address order). */
    private void pick(long from, long to) {
        for (long block = from / WrittenPages.SAMPLE_BLOCK; block * WrittenPages.SAMPLE_BLOCK < to; block++) {
            if (WrittenPages.sampled(block * WrittenPages.SAMPLE_BLOCK, sampleEvery)
                    && (pickedCount == 0 || picked[pickedCount - 1] != block)) {
                if (pickedCount == picked.length) {
                    picked = Arrays.copyOf(picked, pickedCount * 2);
                }
                picked[pickedCount++] = block;
            }
        }
    }

    private int scan(long start, long end, long flags, long inverted, long mask, long anyOf, long returned)
            throws Throwable {
        ScanArgument.fill(arg, start, end, flags, inverted, mask, anyOf, returned, vec, VEC_LEN);
        return LibC.ioctl(errno, pagemap, KernelAbi.PAGEMAP_SCAN, arg);
    }

    @Override
    public void end() {
        if (uffd >= 0) {
            // Closing the descriptor unregisters every range and clears what it armed.
            LibC.close(uffd);
            uffd = -1;
        }
        registered = 0;
    }

    private int errno() {
        return LibC.errno(errno);
    }

    @Override
    public void close() {
        end();
        LibC.closeAll(pagemap, arena);
        pagemap = -1;
    }
}
