package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The process's mappings from {@code /proc/<pid>/maps}, parsed into primitive arrays that
 * are reused from one read to the next, and classified once, as they are read: permissions,
 * what backs them ({@link #kind}) and their path. HotSpot commits reserved memory by remapping it
 * readable and uncommits it back to {@code PROT_NONE}, so the accessible mappings inside a
 * region's reservation are exactly its committed memory.
 */
public final class MemoryMaps {
    /** A mapping with no path: anonymous memory. */
    public static final byte ANONYMOUS = 0;
    /** ZGC's heap, a shared mapping of the memfd {@code java_heap}. */
    public static final byte ZGC_HEAP = 1;
    /** A mapped file: a path from the root ({@code /usr/lib/...}, {@code /memfd:...}). */
    public static final byte FILE = 2;
    /** A mapping the kernel names: {@code [heap]}, {@code [stack]}, {@code [vdso]}, {@code [anon:name]}... */
    public static final byte PSEUDO = 3;

    /** Permission bits, as {@link #permissions} returns them. */
    public static final byte READ = 1;
    public static final byte WRITE = 2;
    public static final byte EXECUTE = 4;
    /** A shared mapping ({@code s}), as opposed to private ({@code p}, copy-on-write). */
    public static final byte SHARED = 8;

    private static final byte[] ZGC_HEAP_PATH = ProcText.ascii("/memfd:java_heap");
    private static final byte[] HEAP_NAME = ProcText.ascii("[heap]");
    private static final byte[] STACK_NAME = ProcText.ascii("[stack");
    private static final byte[] ANON_NAME = ProcText.ascii("[anon:");

    private int count;
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private long[] offsets = new long[1024];
    private byte[] permissions = new byte[1024];
    private byte[] kinds = new byte[1024];
    private int[] pathStarts = new int[1024];
    private int[] pathLengths = new int[1024];
    /** The paths of all mappings, one after the other; reused like the arrays. */
    private byte[] paths = new byte[16 * 1024];
    private int pathsUsed;
    private final ProcText text = new ProcText(256 * 1024);
    private final ProcText.LineParser lineParser = this::parseLine;
    /** Where {@link #hex} stopped in the line being parsed. */
    private int cursor;
    /** The {@link #fingerprint()} of what was read, once asked; 0 until then. */
    private long fingerprint;
    private boolean fingerprinted;

    /** Reads the file again, replacing the previous contents. */
    public void read(Path maps) throws IOException {
        clear();
        text.read(maps, lineParser);
    }

    /** Forgets every mapping, keeping the arrays for the next read. */
    public void clear() {
        count = 0;
        pathsUsed = 0;
        fingerprinted = false;
    }

    /**
     * A hash of every mapping's bounds and permissions: it changes whenever a mapping appears,
     * goes, moves, grows or changes its permissions, so that what was made of the maps can be kept
     * while it does not. Computed once per read.
     */
    public long fingerprint() {
        if (!fingerprinted) {
            long hash = count;
            for (int i = 0; i < count; i++) {
                hash = hash * 31 + starts[i];
                hash = hash * 31 + ends[i];
                hash = hash * 31 + permissions[i];
            }
            fingerprint = hash;
            fingerprinted = true;
        }
        return fingerprint;
    }

    /**
     * Appends a mapping: they must come in address order, without overlap.
     *
     * @param permissions {@link #READ}, {@link #WRITE}, {@link #EXECUTE} and {@link #SHARED} bits
     * @param path the path as the kernel prints it, in {@code path[pos, pos + length)}; length 0 for none
     */
    private void add(long start, long end, long offset, byte permissions, byte[] path, int pos, int length) {
        grow(length);
        starts[count] = start;
        ends[count] = end;
        offsets[count] = offset;
        this.permissions[count] = permissions;
        kinds[count] = kindOf(path, pos, length);
        pathStarts[count] = pathsUsed;
        pathLengths[count] = length;
        System.arraycopy(path, pos, paths, pathsUsed, length);
        pathsUsed += length;
        count++;
    }

    /** The kind of a mapping with this path (or none: {@code length} 0), as {@code in[pos, pos + length)}. */
    static byte kindOf(byte[] in, int pos, int length) {
        if (length == 0) {
            return ANONYMOUS;
        }
        if (ProcText.startsWith(in, pos, pos + length, ZGC_HEAP_PATH)) {
            return ZGC_HEAP;
        }
        return in[pos] == '[' ? PSEUDO : FILE;
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
        cursor = pos;
        long start = hex(in, end);
        cursor++; // '-'
        long stop = hex(in, end);
        cursor++; // ' '
        int perms = cursor;
        byte permissions = (byte) ((in[perms] == 'r' ? READ : 0) | (in[perms + 1] == 'w' ? WRITE : 0)
                | (in[perms + 2] == 'x' ? EXECUTE : 0) | (in[perms + 3] == 's' ? SHARED : 0));
        cursor = perms + 5; // "rwxp "
        long offset = hex(in, end);
        int field = 0;
        int p = cursor;
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
        add(start, stop, offset, permissions, in, p, end - p);
    }

    /** The hex number at {@link #cursor}, which is left after it. */
    private long hex(byte[] in, int end) {
        long value = 0;
        int p = cursor;
        while (p < end) {
            int digit = ProcText.hexDigit(in[p]);
            if (digit < 0) {
                break;
            }
            value = (value << 4) | digit;
            p++;
        }
        cursor = p;
        return value;
    }

    private void grow(int pathLength) {
        if (count == starts.length) {
            int size = count * 2;
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            offsets = Arrays.copyOf(offsets, size);
            permissions = Arrays.copyOf(permissions, size);
            kinds = Arrays.copyOf(kinds, size);
            pathStarts = Arrays.copyOf(pathStarts, size);
            pathLengths = Arrays.copyOf(pathLengths, size);
        }
        if (pathsUsed + pathLength > paths.length) {
            paths = Arrays.copyOf(paths, Math.max(paths.length * 2, pathsUsed + pathLength));
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
        return (permissions[i] & (READ | WRITE | EXECUTE)) != 0;
    }

    /**
     * True for private anonymous memory ({@code [heap]}, {@code [stack]} and {@code [anon:...]}
     * included, the kernel's own {@code [vdso]} and the like not): mapped by this process alone
     * until it forks or KSM merges it.
     */
    public boolean privateAnonymous(int i) {
        if ((permissions[i] & SHARED) != 0) {
            return false;
        }
        return kinds[i] == ANONYMOUS || kinds[i] == PSEUDO && (startsWith(i, HEAP_NAME) || startsWith(i, STACK_NAME)
                || startsWith(i, ANON_NAME));
    }

    private boolean startsWith(int i, byte[] prefix) {
        return pathLengths[i] >= prefix.length
                && Arrays.equals(paths, pathStarts[i], pathStarts[i] + prefix.length, prefix, 0, prefix.length);
    }

    /** True for a stack the kernel names: the process's {@code [stack]} (and {@code [stack:tid]} of older kernels). */
    public boolean isNamedStack(int i) {
        return kinds[i] == PSEUDO && startsWith(i, STACK_NAME);
    }

    /** True for glibc's main heap, {@code [heap]}: the break area. */
    public boolean isBreakHeap(int i) {
        return kinds[i] == PSEUDO && pathLengths[i] == HEAP_NAME.length && startsWith(i, HEAP_NAME);
    }

    /** {@link #READ}, {@link #WRITE}, {@link #EXECUTE} and {@link #SHARED} bits. */
    public byte permissions(int i) {
        return permissions[i];
    }

    /** {@link #ANONYMOUS}, {@link #ZGC_HEAP}, {@link #FILE} or {@link #PSEUDO}. */
    public byte kind(int i) {
        return kinds[i];
    }

    /** The path as the kernel prints it ({@code (deleted)} included), empty for anonymous memory. */
    public String path(int i) {
        return new String(paths, pathStarts[i], pathLengths[i], java.nio.charset.StandardCharsets.UTF_8);
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
