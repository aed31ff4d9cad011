package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The process's mappings from {@code /proc/<pid>/maps}, parsed into primitive arrays that
 * are reused from one read to the next. HotSpot commits reserved memory by remapping it
 * readable and uncommits it back to {@code PROT_NONE}, so the accessible mappings inside a
 * region's reservation are exactly its committed memory.
 */
public final class MemoryMaps {
    /** A mapping with no path: anonymous memory. */
    public static final byte ANONYMOUS = 0;
    /** ZGC's heap, a shared mapping of the memfd {@code java_heap}. */
    public static final byte ZGC_HEAP = 1;
    /** Any other named mapping: a file, {@code [stack]}, {@code [heap]}... */
    public static final byte NAMED = 2;

    private static final byte[] ZGC_HEAP_PATH = ProcText.ascii("/memfd:java_heap");

    private int count;
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private long[] offsets = new long[1024];
    private boolean[] accessible = new boolean[1024];
    private byte[] kinds = new byte[1024];
    private final ProcText text = new ProcText(256 * 1024);
    private final ProcText.LineParser lineParser = this::parseLine;

    /** Reads the file again, replacing the previous contents. */
    public void read(Path maps) throws IOException {
        clear();
        text.read(maps, lineParser);
    }

    /** Forgets every mapping, keeping the arrays for the next read. */
    public void clear() {
        count = 0;
    }

    /**
     * Appends a mapping: they must come in address order, without overlap.
     *
     * @param accessible readable, writable or executable
     * @param kind {@link #ANONYMOUS}, {@link #ZGC_HEAP} or {@link #NAMED}
     */
    public void add(long start, long end, long offset, boolean accessible, byte kind) {
        grow();
        starts[count] = start;
        ends[count] = end;
        offsets[count] = offset;
        this.accessible[count] = accessible;
        kinds[count] = kind;
        count++;
    }

    /** The kind of a mapping with this path (or none: {@code length} 0), as {@code in[pos, pos + length)}. */
    public static byte kindOf(byte[] in, int pos, int length) {
        return length == 0 ? ANONYMOUS : ProcText.startsWith(in, pos, pos + length, ZGC_HEAP_PATH) ? ZGC_HEAP : NAMED;
    }

    /** Parses maps text, as read from the file. */
    public static MemoryMaps parse(String mapsText) {
        MemoryMaps maps = new MemoryMaps();
        byte[] bytes = ProcText.ascii(mapsText);
        ProcText.lines(bytes, bytes.length, maps::parseLine);
        return maps;
    }

    // Line: "start-end perms offset dev inode    path"
    private void parseLine(byte[] in, int pos, int end) {
        int[] cursor = {pos};
        long start = hex(in, cursor, end);
        cursor[0]++; // '-'
        long stop = hex(in, cursor, end);
        cursor[0]++; // ' '
        int perms = cursor[0];
        boolean readable = in[perms] == 'r';
        boolean writable = in[perms + 1] == 'w';
        boolean executable = in[perms + 2] == 'x';
        cursor[0] = perms + 5; // "rwxp "
        long offset = hex(in, cursor, end);
        int field = 0;
        int p = cursor[0];
        // skip " dev inode" and the padding before the path
        while (p < end && field < 2) {
            while (p < end && in[p] == ' ') {
                p++;
            }
            while (p < end && in[p] != ' ') {
                p++;
            }
            field++;
        }
        while (p < end && in[p] == ' ') {
            p++;
        }
        add(start, stop, offset, readable || writable || executable, kindOf(in, p, end - p));
    }

    private static long hex(byte[] in, int[] cursor, int end) {
        long value = 0;
        int p = cursor[0];
        while (p < end) {
            int digit = ProcText.hexDigit(in[p]);
            if (digit < 0) {
                break;
            }
            value = (value << 4) | digit;
            p++;
        }
        cursor[0] = p;
        return value;
    }

    private void grow() {
        if (count == starts.length) {
            int size = count * 2;
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            offsets = Arrays.copyOf(offsets, size);
            accessible = Arrays.copyOf(accessible, size);
            kinds = Arrays.copyOf(kinds, size);
        }
    }

    public int count() {
        return count;
    }

    public long start(int i) {
        return starts[i];
    }

    public long end(int i) {
        return ends[i];
    }

    /** Offset into the mapped file (for ZGC, into the heap's memfd). */
    public long offset(int i) {
        return offsets[i];
    }

    /** Readable, writable or executable: committed, as opposed to a PROT_NONE reservation. */
    public boolean accessible(int i) {
        return accessible[i];
    }

    public byte kind(int i) {
        return kinds[i];
    }

    /**
     * Index of the first mapping whose end is above {@code address} (mappings are sorted).
     * Addresses compare unsigned: {@code [vsyscall]} lies above 2^63.
     */
    public int firstEndingAfter(long address) {
        return ProcText.firstEndingAfter(ends, count, address);
    }

    /** True if some mapping, accessible or reserved, covers {@code address}. */
    public boolean isMapped(long address) {
        int i = firstEndingAfter(address);
        return i < count && Long.compareUnsigned(starts[i], address) <= 0;
    }
}
