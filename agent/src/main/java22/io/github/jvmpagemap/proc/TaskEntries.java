package io.github.jvmpagemap.proc;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Lists a {@code /proc} directory's numbered entries with {@code getdents64} on a descriptor
 * opened once, close-on-exec, and rewound for each listing: the JDK 22+ variant, loaded from
 * {@code META-INF/versions/22}. The entries land in native memory allocated once and are parsed
 * there, so a listing allocates nothing on the heap, where a directory stream makes a path and a
 * string per entry. Without native access, or without {@code getdents64} in the C library, there
 * is none, and {@link ThreadIds} walks a directory stream; native access is checked before any
 * restricted method is touched.
 */
final class TaskEntries {
    private TaskEntries() {
    }

    /** A listing of {@code directory} in system calls, or null where there is none. */
    static Listing open(Path directory) {
        if (!TaskEntries.class.getModule().isNativeAccessEnabled() || !LibC.listsDirectories()) {
            return null;
        }
        return new Getdents(directory);
    }

    /** The numbered entries of one directory, listed again at every call. */
    interface Listing {
        /**
         * Lists the numbered entries into {@code into} from index 0.
         *
         * @return how many there are; more than {@code into.length} if they did not all fit, and
         *     then a larger array must be given
         * @throws IOException if the directory cannot be read
         */
        int list(long[] into) throws IOException;
    }

    private static final class Getdents implements Listing {
        /** Room for some 1,300 entries a call: {@code struct linux_dirent64} of a tid is 24-32 bytes. */
        private static final long BUFFER_BYTES = 32 * 1024;
        /** Offsets in {@code struct linux_dirent64}: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name. */
        private static final long RECLEN = 16;
        private static final long NAME = 19;

        private final Path directory;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment errno = LibC.errnoSlot(arena);
        private final MemorySegment entries = arena.allocate(BUFFER_BYTES, Long.BYTES);
        private int fd = -1;

        Getdents(Path directory) {
            this.directory = directory;
        }

        @Override
        public int list(long[] into) throws IOException {
            try {
                if (fd < 0) {
                    fd = LibC.openReadOnly(arena, errno, directory);
                    if (fd < 0) {
                        throw new IOException(directory + ": " + LibC.describe(LibC.errno(errno)));
                    }
                } else if (LibC.rewind(fd) < 0) {
                    throw failed("lseek");
                }
                int n = 0;
                while (true) {
                    long filled = LibC.getdents64(fd, entries, BUFFER_BYTES);
                    if (filled < 0) {
                        throw failed("getdents64");
                    }
                    if (filled == 0) {
                        return n;
                    }
                    for (long at = 0; at < filled; at += entries.get(JAVA_SHORT_UNALIGNED, at + RECLEN) & 0xffff) {
                        long id = number(at + NAME);
                        if (id >= 0) {
                            if (n < into.length) {
                                into[n] = id;
                            }
                            n++;
                        }
                    }
                }
            } catch (IOException e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException("cannot list " + directory + " (" + t + ")", t);
            }
        }

        /** A call on the descriptor failed: it is closed, and opened again at the next listing. */
        private IOException failed(String call) {
            LibC.close(fd);
            fd = -1;
            return new IOException("cannot list " + directory + " (" + call + " failed)");
        }

        /** The entry name at {@code at} as a number, or -1 if it is not one ({@code .}, {@code ..}). */
        private long number(long at) {
            long value = 0;
            int digits = 0;
            for (byte c; (c = entries.get(JAVA_BYTE, at + digits)) != 0; digits++) {
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return digits == 0 ? -1 : value;
        }
    }
}
