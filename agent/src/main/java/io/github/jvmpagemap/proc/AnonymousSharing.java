package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether this process's private anonymous memory can be shared right now. Such a page is mapped
 * once, by this process, unless a child forked without exec still shares it copy-on-write, or
 * KSM merged it with an equal page: so sharing needs a child (asked of the kernel in one call
 * where it can be, {@link ChildProcesses}, else read from {@code /proc/self/task/<tid>/children})
 * or KSM at work ({@code /proc/self/ksm_stat}). Where the kernel cannot say (no children file),
 * the answer is yes: a page table then reads what tells sharing, as for any other memory.
 */
public final class AnonymousSharing {
    private final Path tasks;
    private final Path ksmStat;
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);
    /** The kernel asked in one call, where it can be (JDK 22+ with native access); else null. */
    private final ChildProcesses.Check children;

    public AnonymousSharing(ProcFiles proc) {
        this(proc.tasks(), proc.ksmStat(), ChildProcesses.open());
    }

    /** Reading the children files of the threads in {@code tasks}. */
    AnonymousSharing(Path tasks, Path ksmStat) {
        this(tasks, ksmStat, null);
    }

    AnonymousSharing(Path tasks, Path ksmStat, ChildProcesses.Check children) {
        this.tasks = tasks;
        this.ksmStat = ksmStat;
        this.children = children;
    }

    /** True if some thread has a child process, or KSM has merged or is looking at this process's pages. */
    public boolean possible() {
        try {
            return hasChildren() || ksmAtWork();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private boolean hasChildren() throws IOException {
        if (children != null) {
            return children.any();
        }
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    if (read(thread.resolve("children")) > 0) {
                        return true;
                    }
                } catch (NoSuchFileException e) {
                    if (!Files.exists(thread)) {
                        continue; // the thread ended meanwhile
                    }
                    throw e; // no children file: the kernel cannot say
                }
            }
        }
        return false;
    }

    /**
     * KSM's view of this process: any page merged or under its watch, or memory offered to it
     * (madvise MADV_MERGEABLE, prctl PR_SET_MEMORY_MERGE), means sharing is possible.
     */
    private boolean ksmAtWork() throws IOException {
        int n;
        try {
            n = read(ksmStat);
        } catch (NoSuchFileException e) {
            return false; // a kernel without KSM
        }
        String text = new String(buffer.array(), 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length != 2) {
                continue;
            }
            boolean counted = (fields[0].equals("ksm_merging_pages") || fields[0].equals("ksm_rmap_items"))
                    && !fields[1].equals("0");
            boolean offered = (fields[0].equals("ksm_merge_any:") || fields[0].equals("ksm_mergeable:"))
                    && fields[1].equals("yes");
            if (counted || offered) {
                return true;
            }
        }
        return false;
    }

    private int read(Path file) throws IOException {
        return ProcText.readSmall(file, buffer);
    }
}
