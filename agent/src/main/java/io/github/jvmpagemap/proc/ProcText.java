package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A text file of {@code /proc} read whole into a byte array that is reused from one read to the
 * next, and handed line by line to a parser: what the maps, smaps, status and ksm_stat readers
 * share, so that a scan reads them without allocating. The file is read through a
 * {@link ProcReader} kept from read to read ({@link ProcReaders}: on JDK 22+ with native access a
 * descriptor held open, read with {@code pread} from the start each time; else a channel opened
 * for the read). Also the few byte-level helpers the parsers share.
 */
final class ProcText {
    /** Receives one line, without its newline: {@code in[start, end)}. */
    @FunctionalInterface
    interface LineParser {
        void line(byte[] in, int start, int end);
    }

    private final int initialBytes;
    private byte[] text;
    /** What each read brings in, copied to {@link #text}: direct, as {@code pread} needs; made at the first read. */
    private ByteBuffer chunk;
    private Path file;
    private ProcReader reader;

    ProcText(int initialBytes) {
        this.initialBytes = initialBytes;
        text = new byte[initialBytes];
    }

    /** Reads {@code file} to its end and gives each non-empty line to {@code parser}. */
    void read(Path file, LineParser parser) throws IOException {
        int length = read(file);
        lines(text, length, parser);
        // A burst of mappings (thousands of threads, say) grows the buffer; once it is over, the
        // buffer shrinks back rather than keeping its largest size for ever.
        if (text.length > initialBytes && length < text.length / 4) {
            text = new byte[Math.max(initialBytes, Integer.highestOneBit(Math.max(1, length)) * 2)];
        }
    }

    /**
     * Reads {@code file} from its start to its end into the reused array: how many bytes, which
     * {@link #bytes()} holds until the next read.
     */
    int read(Path file) throws IOException {
        ProcReader in = reader(file);
        if (chunk == null) {
            chunk = ByteBuffer.allocateDirect(Math.min(initialBytes, 64 * 1024));
        }
        int length = 0;
        try {
            while (true) {
                chunk.clear();
                int read = in.read(chunk, length);
                if (read <= 0) {
                    break;
                }
                if (length + read > text.length) {
                    text = Arrays.copyOf(text, Math.max(text.length * 2, length + read));
                }
                chunk.get(0, text, length, read);
                length += read;
            }
        } catch (IOException | RuntimeException e) {
            forget();
            throw e;
        } finally {
            in.release();
        }
        return length;
    }

    /** The bytes of the latest {@link #read(Path)}. */
    byte[] bytes() {
        return text;
    }

    /** The reader of {@code file}, kept while the same file is read. */
    private ProcReader reader(Path file) throws IOException {
        if (reader == null || !file.equals(this.file)) {
            forget();
            reader = ProcReaders.open(file);
            this.file = file;
        }
        return reader;
    }

    private void forget() {
        if (reader != null) {
            reader.close();
            reader = null;
            file = null;
        }
    }

    /**
     * Reads a small file ({@code /proc/self/task/<tid>/syscall}, a {@code children} list, {@code
     * ksm_stat}) from its start into {@code buffer}, cleared first, up to its capacity: the bytes read.
     */
    static int readSmall(Path file, ByteBuffer buffer) throws IOException {
        buffer.clear();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a line or a few
            }
        }
        return buffer.position();
    }

    /** The bytes the buffer holds now: for tests of its bound. */
    int capacity() {
        return text.length;
    }

    /** Gives each non-empty line of {@code in[0, length)} to {@code parser}. */
    static void lines(byte[] in, int length, LineParser parser) {
        int pos = 0;
        while (pos < length) {
            int lineEnd = pos;
            while (lineEnd < length && in[lineEnd] != '\n') {
                lineEnd++;
            }
            if (lineEnd > pos) {
                parser.line(in, pos, lineEnd);
            }
            pos = lineEnd + 1;
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(byte[] in, int pos, int end, byte[] prefix) {
        if (end - pos < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value of a lower-case hex digit, or -1. */
    static int hexDigit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /**
     * Index of the first of {@code count} sorted, disjoint mappings whose end is above
     * {@code address}. Addresses compare unsigned: {@code [vsyscall]} lies above 2^63.
     */
    static int firstEndingAfter(long[] ends, int count, long address) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(ends[mid], address) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
