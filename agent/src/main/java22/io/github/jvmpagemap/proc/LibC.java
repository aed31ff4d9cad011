package io.github.jvmpagemap.proc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The C library calls the kernel interfaces need (open, pread, lseek, getdents64, ioctl, waitid,
 * close), through FFM.
 * Linking them is itself a restricted operation: this class is initialised only on first use,
 * which callers reach after finding native access enabled, so the JDK prints no warning.
 */
@SuppressWarnings("restricted")
public final class LibC {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    // open(const char *path, int flags, ...) and ioctl(int fd, unsigned long request, ...)
    // are variadic: their third argument must be passed as one.
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle PREAD = LINKER.downcallHandle(LINKER.defaultLookup().find("pread").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    // lseek and getdents64 run once or twice a scan, too rarely to be compiled: without errno
    // captured, a call allocates nothing (a captured errno costs a segment per call until then).
    private static final MethodHandle LSEEK = LINKER.downcallHandle(LINKER.defaultLookup().find("lseek").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    // glibc 2.30 and later; null where the C library has no wrapper.
    private static final MethodHandle GETDENTS64 = LINKER.defaultLookup().find("getdents64")
            .map(address -> LINKER.downcallHandle(address, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG)))
            .orElse(null);
    private static final MethodHandle WAITID = LINKER.downcallHandle(LINKER.defaultLookup().find("waitid").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));
    // long syscall(long number, ...): the one system call without a C library wrapper (userfaultfd).
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("syscall").orElseThrow(), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private LibC() {
    }

    /** A slot for the errno of the calls made with it. */
    public static MemorySegment errnoSlot(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    /** The errno the latest failed call made with {@code slot} left. */
    public static int errno(MemorySegment slot) {
        return (int) ERRNO.get(slot, 0L);
    }

    /** waitid(idtype, id, info, options): 0, or -1 (see errno). */
    public static int waitid(MemorySegment errno, int idType, int id, MemorySegment info, int options)
            throws Throwable {
        return (int) WAITID.invokeExact(errno, idType, id, info, options);
    }

    /** Opens {@code path} read-only and close-on-exec: a descriptor, or -1 (see errno). */
    public static int openReadOnly(Arena arena, MemorySegment errno, Path path) throws Throwable {
        return (int) OPEN.invokeExact(errno, arena.allocateFrom(path.toString()), O_RDONLY | O_CLOEXEC, 0);
    }

    /** pread(fd, buffer, count, offset): the bytes read, 0 at the end, -1 on failure (see errno). */
    public static long pread(MemorySegment errno, int fd, MemorySegment buffer, long count, long offset)
            throws Throwable {
        return (long) PREAD.invokeExact(errno, fd, buffer, count, offset);
    }

    /** lseek(fd, 0, SEEK_SET): 0, or -1 on failure (errno not kept). */
    public static long rewind(int fd) throws Throwable {
        return (long) LSEEK.invokeExact(fd, 0L, 0);
    }

    /** True if the C library has {@code getdents64}. */
    public static boolean listsDirectories() {
        return GETDENTS64 != null;
    }

    /**
     * getdents64(fd, buffer, count): the bytes of directory entries filled, 0 at the end, -1 on
     * failure (errno not kept). Only where {@link #listsDirectories()}.
     */
    public static long getdents64(int fd, MemorySegment buffer, long count) throws Throwable {
        return (long) GETDENTS64.invokeExact(fd, buffer, count);
    }

    /** The C library's words for an errno, with its number: {@code "Permission denied (errno 13)"}. */
    public static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** syscall(number, argument): the kernel's answer, -1 on failure (see errno). */
    public static long syscall(MemorySegment errno, long number, long argument) throws Throwable {
        return (long) SYSCALL.invokeExact(errno, number, argument);
    }

    /** ioctl(fd, request, arg): the kernel's answer, -1 on failure (see errno). */
    public static int ioctl(MemorySegment errno, int fd, long request, MemorySegment arg) throws Throwable {
        return (int) IOCTL.invokeExact(errno, fd, request, arg);
    }

    /**
     * Closes {@code fd} if it is open (not negative) and then {@code arena} if it is still alive:
     * what every owner of a descriptor and its native memory does last.
     */
    public static void closeAll(int fd, Arena arena) {
        if (fd >= 0) {
            close(fd);
        }
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    /** Closes a descriptor; a descriptor that will not close leaves nothing more to do. */
    public static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            // nothing left to do
        }
    }
}
