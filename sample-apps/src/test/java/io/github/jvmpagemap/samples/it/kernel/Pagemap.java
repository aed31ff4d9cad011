package io.github.jvmpagemap.samples.it.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The kernel's page tables as files of little-endian u64s: {@code /proc/<pid>/pagemap} (one
 * entry per virtual page), and, for root, {@code /proc/kpageflags} and {@code /proc/kpagecount}
 * (one per page frame). The tests' own reader; a short read is an error, never a zero.
 */
public final class Pagemap implements AutoCloseable {
    public static final long PAGE = 4096;
    public static final long PRESENT = 1L << 63;
    public static final long SWAPPED = 1L << 62;
    public static final long FRAME = (1L << 55) - 1;
    /** kpageflags: any large folio (PMD-mapped or not), never a hugetlb page. */
    public static final long KPF_THP = 1L << 22;
    public static final long KPF_ZERO_PAGE = 1L << 24;
    private static final int BATCH = 1 << 16;

    private final FileChannel file;

    private Pagemap(FileChannel file) {
        this.file = file;
    }

    /** The pagemap of process {@code pid}. */
    public static Pagemap of(long pid) throws IOException {
        return new Pagemap(FileChannel.open(Path.of("/proc", Long.toString(pid), "pagemap")));
    }

    /** {@code /proc/kpageflags} or {@code /proc/kpagecount}, indexed by frame. */
    public static Pagemap frames(String name) throws IOException {
        return new Pagemap(FileChannel.open(Path.of("/proc", name)));
    }

    /** The entries of the pages of [start, end), in order. */
    public long[] entries(long start, long end) throws IOException {
        long[] values = new long[(int) ((end - start) / PAGE)];
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(values.length, BATCH) * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < values.length; ) {
            buffer.clear().limit(Math.min(values.length - done, BATCH) * 8);
            read(buffer, (start / PAGE + done) * 8);
            buffer.flip().asLongBuffer().get(values, done, buffer.limit() / 8);
            done += buffer.limit() / 8;
        }
        return values;
    }

    /** The entry at {@code index} (a page's for pagemap, a frame's for kpageflags and kpagecount). */
    public long entry(long index) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        read(buffer, index * 8);
        return buffer.getLong(0);
    }

    private void read(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = file.read(buffer, at);
            if (n <= 0) {
                throw new IOException("short read at offset " + at);
            }
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
