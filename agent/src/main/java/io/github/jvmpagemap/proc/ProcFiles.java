package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the process's own /proc files are. A root other than {@code /proc/self} lets tests
 * show what happens when a file is missing.
 */
public final class ProcFiles {
    private static final long AT_PAGESZ = 6;
    private static final long DEFAULT_PAGE_SIZE = 4096;

    private final Path root;
    private final Path maps;
    private final Path status;
    private final Path ksmStat;
    private final Path smaps;
    /** The listing of the process's threads its readers share, so that a scan lists them once; made at first use. */
    private ThreadIds threadIds;

    public ProcFiles(Path root) {
        this.root = root;
        // Named once: a scan reads them every time.
        this.maps = root.resolve("maps");
        this.status = root.resolve("status");
        this.ksmStat = root.resolve("ksm_stat");
        this.smaps = root.resolve("smaps");
    }

    /** The calling process's directory. */
    public static final String SELF = "/proc/self";

    public static ProcFiles self() {
        return new ProcFiles(Path.of(SELF));
    }

    public Path pagemap() {
        return root.resolve("pagemap");
    }

    /** The directory of the process's threads, one subdirectory each. */
    public Path tasks() {
        return root.resolve("task");
    }

    /**
     * The ids of the process's threads, one listing of {@link #tasks()} shared by every reader of
     * this process's files (not thread-safe: the scanner thread's).
     */
    public synchronized ThreadIds threadIds() {
        if (threadIds == null) {
            threadIds = new ThreadIds(tasks());
        }
        return threadIds;
    }

    /** KSM's counters for the process (Linux 6.1+; absent without KSM). */
    public Path ksmStat() {
        return ksmStat;
    }

    /** The process's memory, read at addresses as positions. */
    public Path mem() {
        return root.resolve("mem");
    }

    public Path maps() {
        return maps;
    }

    /** One line of the process's figures; fields 14 and 15 its user and system time. */
    public Path stat() {
        return root.resolve("stat");
    }

    public Path status() {
        return status;
    }

    /** Written to, not read: {@code 5} resets the process's peak resident set (VmHWM) to its VmRSS. */
    public Path clearRefs() {
        return root.resolve("clear_refs");
    }

    public Path smaps() {
        return smaps;
    }

    /** The system-wide {@code /proc/kpageflags}, beside {@code /proc/self}. */
    public Path kpageflags() {
        return root.resolveSibling("kpageflags");
    }

    /** The system-wide {@code /proc/kpagecount}, beside {@code /proc/self}. */
    public Path kpagecount() {
        return root.resolveSibling("kpagecount");
    }

    /** The base page size from the ELF auxiliary vector (AT_PAGESZ); 4 KiB if unreadable. */
    public long pageSize() {
        try {
            ByteBuffer auxv = ByteBuffer.wrap(Files.readAllBytes(root.resolve("auxv")))
                    .order(ByteOrder.nativeOrder());
            while (auxv.remaining() >= 16) {
                long type = auxv.getLong();
                long value = auxv.getLong();
                if (type == AT_PAGESZ && value > 0) {
                    return value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the x86-64 and common arm64 size
        }
        return DEFAULT_PAGE_SIZE;
    }
}
