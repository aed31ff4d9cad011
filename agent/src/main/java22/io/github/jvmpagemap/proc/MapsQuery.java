package io.github.jvmpagemap.proc;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The PROCMAP_QUERY ioctl (Linux 6.11+) on {@code /proc/self/maps}, through FFM: asks the
 * kernel for the mapping covering an address, or the next one above it. A scan that knows its
 * address windows asks for the few mappings inside them instead of having the kernel render
 * every mapping of the process as text and parsing it back. Reading everything still goes
 * through the text. The argument, the name buffer and the errno slot are allocated once.
 */
final class MapsQuery implements MapsReader {
    /** _IOWR('f', 17, struct procmap_query). */
    static final long PROCMAP_QUERY = 0xC0686611L;
    /** sizeof(struct procmap_query). */
    static final int QUERY_SIZE = 104;
    private static final long FLAG_READABLE = 0x01;
    private static final long FLAG_WRITABLE = 0x02;
    private static final long FLAG_EXECUTABLE = 0x04;
    private static final long FLAG_SHARED = 0x08;
    private static final long COVERING_OR_NEXT_VMA = 0x10;
    private static final int ENOENT = 2;
    /** PATH_MAX: a shorter buffer makes the kernel refuse a mapping with a longer path. */
    private static final int NAME_MAX = 4096;

    // struct procmap_query field offsets
    private static final long SIZE = 0;
    private static final long QUERY_FLAGS = 8;
    private static final long QUERY_ADDR = 16;
    private static final long VMA_START = 24;
    private static final long VMA_END = 32;
    private static final long VMA_FLAGS = 40;
    private static final long VMA_OFFSET = 56;
    private static final long VMA_NAME_SIZE = 80;
    private static final long BUILD_ID_SIZE = 84;
    private static final long VMA_NAME_ADDR = 88;
    private static final long BUILD_ID_ADDR = 96;

    private final MapsFile text;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment arg;
    private final MemorySegment name;
    private final MemorySegment errno;
    private final byte[] nameBytes = new byte[NAME_MAX];
    private final String path;
    private int fd = -1;

    private MapsQuery(ProcFiles proc) {
        this.text = new MapsFile(proc.maps());
        this.path = proc.maps().toString();
        this.arg = arena.allocate(QUERY_SIZE, Long.BYTES);
        this.name = arena.allocate(NAME_MAX);
        this.errno = LibC.errnoSlot(arena);
    }

    /**
     * Opens the maps file and asks the kernel once about an address this object owns. Call only
     * when native access is enabled.
     *
     * @return the reader, or null if the kernel does not answer (then the maps file is read)
     */
    static MapsQuery open(ProcFiles proc) {
        MapsQuery query = new MapsQuery(proc);
        try {
            query.fd = LibC.openReadOnly(query.arena, query.errno, proc.maps());
            if (query.fd >= 0 && query.query(query.name.address()) == 0
                    && Long.compareUnsigned(query.arg.get(JAVA_LONG, VMA_START), query.name.address()) <= 0) {
                return query;
            }
        } catch (Throwable t) {
            // not answered: the maps file it is
        }
        query.close();
        return null;
    }

    @Override
    public void readAll(MemoryMaps maps) throws IOException {
        text.readAll(maps);
    }

    @Override
    public void readWithin(MemoryMaps maps, long[] starts, long[] ends, int count) throws IOException {
        maps.clear();
        long covered = 0; // end of the last mapping added: a mapping spanning two windows is added once
        for (int w = 0; w < count; w++) {
            long at = Long.compareUnsigned(starts[w], covered) < 0 ? covered : starts[w];
            while (Long.compareUnsigned(at, ends[w]) < 0) {
                int result = query(at);
                if (result != 0) {
                    int error = LibC.errno(errno);
                    if (error == ENOENT) {
                        return; // no mapping at or above this address
                    }
                    throw new IOException("PROCMAP_QUERY on " + path + " failed at 0x" + Long.toHexString(at)
                            + " (errno " + error + ")");
                }
                long start = arg.get(JAVA_LONG, VMA_START);
                long end = arg.get(JAVA_LONG, VMA_END);
                if (Long.compareUnsigned(start, ends[w]) >= 0) {
                    break;
                }
                long flags = arg.get(JAVA_LONG, VMA_FLAGS);
                int nameSize = arg.get(JAVA_INT, VMA_NAME_SIZE);
                int length = Math.max(0, nameSize - 1); // the size counts the terminating NUL
                MemorySegment.copy(name, JAVA_BYTE, 0, nameBytes, 0, length);
                byte permissions = (byte) (((flags & FLAG_READABLE) != 0 ? MemoryMaps.READ : 0)
                        | ((flags & FLAG_WRITABLE) != 0 ? MemoryMaps.WRITE : 0)
                        | ((flags & FLAG_EXECUTABLE) != 0 ? MemoryMaps.EXECUTE : 0)
                        | ((flags & FLAG_SHARED) != 0 ? MemoryMaps.SHARED : 0));
                maps.add(start, end, arg.get(JAVA_LONG, VMA_OFFSET), permissions, nameBytes, 0, length);
                covered = end;
                at = end;
            }
        }
    }

    /** One query for the mapping covering {@code address} or the next one: 0, or -1 (see errno). */
    private int query(long address) throws IOException {
        arg.set(JAVA_LONG, SIZE, QUERY_SIZE);
        arg.set(JAVA_LONG, QUERY_FLAGS, COVERING_OR_NEXT_VMA);
        arg.set(JAVA_LONG, QUERY_ADDR, address);
        arg.set(JAVA_INT, VMA_NAME_SIZE, NAME_MAX);
        arg.set(JAVA_INT, BUILD_ID_SIZE, 0);
        arg.set(JAVA_LONG, VMA_NAME_ADDR, name.address());
        arg.set(JAVA_LONG, BUILD_ID_ADDR, 0);
        try {
            return LibC.ioctl(errno, fd, PROCMAP_QUERY, arg);
        } catch (Throwable t) {
            throw new IOException("PROCMAP_QUERY on " + path + " could not be called (" + t + ")", t);
        }
    }

    @Override
    public String how() {
        return "PROCMAP_QUERY";
    }

    @Override
    public void close() {
        LibC.closeAll(fd, arena);
        fd = -1;
    }
}
