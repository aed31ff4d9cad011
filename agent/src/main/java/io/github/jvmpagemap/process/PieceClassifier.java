package io.github.jvmpagemap.process;

import io.github.jvmpagemap.proc.MemoryMaps;

/**
 * Sorts a piece of a mapping that NMT does not label by the process's own evidence: a thread's
 * stack as {@link ThreadStackFinder} found it; a file by its path ({@link MemoryClass#ofFile}); glibc's
 * {@code [heap]}; anonymous memory whose headers say glibc's malloc made it ({@link MallocMemory}),
 * with the reservation behind an arena's heap; anything else is {@code Other Native}. Notes a malloc
 * other than glibc's among the libraries, whose memory then cannot be told.
 */
final class PieceClassifier {
    private final MallocMemory malloc;
    private String otherAllocator;

    PieceClassifier(MallocMemory malloc) {
        this.malloc = malloc;
    }

    /** A classification begins. */
    void begin() {
        otherAllocator = null;
        malloc.begin();
    }

    /** The classification is done. */
    void end() {
        malloc.end();
    }

    /** The file name of a library loaded that replaces glibc's malloc, found in the last classification, or null. */
    String otherAllocator() {
        return otherAllocator;
    }

    /**
     * Sorts [at, pieceEnd) of mapping {@code i} into {@code into}.
     *
     * @param stack the piece's kind of stack ({@link ThreadStackFinder#JAVA_STACK},
     *     {@link ThreadStackFinder#JVM_STACK}), or -1 if it is no stack
     */
    void classify(MemoryMaps maps, int i, long at, long pieceEnd, int stack, Classification into) {
        if (stack >= 0) {
            into.add(ThreadStackFinder.memoryClass(stack), at, pieceEnd);
        } else if (maps.kind(i) == MemoryMaps.FILE) {
            MemoryClass file = MemoryClass.ofFile(maps.path(i));
            into.add(file, at, pieceEnd);
            if (file == MemoryClass.SHARED_LIBRARY && otherAllocator == null) {
                otherAllocator = otherAllocator(maps.path(i));
            }
        } else if (maps.kind(i) == MemoryMaps.PSEUDO) {
            into.add(maps.isBreakHeap(i) ? MemoryClass.NATIVE_HEAP : MemoryClass.OTHER_NATIVE, at, pieceEnd);
        } else if (maps.kind(i) == MemoryMaps.ANONYMOUS && !maps.accessible(i)
                && malloc.arenaReservationEnd(at, pieceEnd) > at) {
            long reserved = malloc.arenaReservationEnd(at, pieceEnd);
            into.add(MemoryClass.NATIVE_HEAP, at, reserved);
            into.add(MemoryClass.OTHER_NATIVE, reserved, pieceEnd);
        } else if (maps.kind(i) == MemoryMaps.ANONYMOUS && (maps.permissions(i) & MemoryMaps.WRITE) != 0) {
            MallocMemory.Verdict part = malloc.nativePart(at, pieceEnd, pieceEnd == maps.end(i));
            into.add(MemoryClass.OTHER_NATIVE, at, part.nativeStart());
            into.add(MemoryClass.NATIVE_HEAP, part.nativeStart(), part.nativeEnd());
            into.add(MemoryClass.OTHER_NATIVE, part.nativeEnd(), pieceEnd);
        } else {
            into.add(MemoryClass.OTHER_NATIVE, at, pieceEnd);
        }
    }

    /** The file name of a library that replaces glibc's malloc (jemalloc, tcmalloc, mimalloc), or null. */
    static String otherAllocator(String path) {
        String file = MemoryClass.withoutDeleted(path.substring(path.lastIndexOf('/') + 1));
        for (String allocator : new String[] {"libjemalloc", "libtcmalloc", "libmimalloc"}) {
            if (file.startsWith(allocator)) {
                return file;
            }
        }
        return null;
    }
}
