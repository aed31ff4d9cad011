package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
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
    private static final byte[] MERGING_PAGES = ProcText.ascii("ksm_merging_pages");
    private static final byte[] RMAP_ITEMS = ProcText.ascii("ksm_rmap_items");
    private static final byte[] MERGE_ANY = ProcText.ascii("ksm_merge_any:");
    private static final byte[] MERGEABLE = ProcText.ascii("ksm_mergeable:");
    private static final byte[] ZERO = ProcText.ascii("0");
    private static final byte[] YES = ProcText.ascii("yes");

    private final ThreadIds threads;
    private final Path ksmStat;
    private final ProcText ksmText = new ProcText(4096);
    private final ProcText.LineParser ksmLine = this::ksmLine;
    private boolean ksmSeen;
    /** True once ksm_stat was found missing: a kernel without KSM does not gain it. */
    private boolean noKsm;
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);
    /** The kernel asked in one call, where it can be (JDK 22+ with native access); else null. */
    private final ChildProcesses.Check children;

    /** For {@code proc}'s process, whose listing of threads it shares with the other readers. */
    public AnonymousSharing(ProcFiles proc) {
        this(proc.threadIds(), proc.ksmStat(), ChildProcesses.open());
    }

    /** Reading the children files of the threads in {@code tasks}. */
    AnonymousSharing(Path tasks, Path ksmStat) {
        this(new ThreadIds(tasks), ksmStat, null);
    }

    AnonymousSharing(Path tasks, Path ksmStat, ChildProcesses.Check children) {
        this(new ThreadIds(tasks), ksmStat, children);
    }

    private AnonymousSharing(ThreadIds threads, Path ksmStat, ChildProcesses.Check children) {
        this.threads = threads;
        this.ksmStat = ksmStat;
        this.children = children;
    }

    /** True if some thread has a child process, or KSM has merged or is looking at this process's pages. */
    public boolean possible() {
        return possible(System.nanoTime());
    }

    /**
     * As {@link #possible()}, where the children files are read of the threads listed since
     * {@code scanStarted} (a System.nanoTime): a scan lists its threads once.
     */
    public boolean possible(long scanStarted) {
        try {
            return hasChildren(scanStarted) || ksmAtWork();
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private boolean hasChildren(long scanStarted) throws IOException {
        if (children != null) {
            return children.any();
        }
        threads.listSince(scanStarted);
        for (int t = 0; t < threads.count(); t++) {
            Path thread = threads.task(t);
            try {
                if (ProcText.readSmall(thread.resolve("children"), buffer) > 0) {
                    return true;
                }
            } catch (NoSuchFileException e) {
                if (!Files.exists(thread)) {
                    continue; // the thread ended meanwhile
                }
                throw e; // no children file: the kernel cannot say
            }
        }
        return false;
    }

    /**
     * KSM's view of this process: any page merged or under its watch, or memory offered to it
     * (madvise MADV_MERGEABLE, prctl PR_SET_MEMORY_MERGE), means sharing is possible.
     */
    private boolean ksmAtWork() throws IOException {
        if (noKsm) {
            return false;
        }
        int n;
        try {
            n = ksmText.read(ksmStat);
        } catch (NoSuchFileException e) {
            noKsm = true; // a kernel without KSM
            return false;
        }
        ksmSeen = false;
        ProcText.lines(ksmText.bytes(), n, ksmLine);
        return ksmSeen;
    }

    /** One line of ksm_stat, {@code name value}: notes KSM at work in {@link #ksmSeen}. */
    private void ksmLine(byte[] in, int start, int end) {
        int keyStart = skipSpaces(in, start, end);
        int keyEnd = skipWord(in, keyStart, end);
        int valueStart = skipSpaces(in, keyEnd, end);
        int valueEnd = skipWord(in, valueStart, end);
        if (keyEnd == keyStart || valueEnd == valueStart || skipSpaces(in, valueEnd, end) != end) {
            return;
        }
        boolean counted = (is(in, keyStart, keyEnd, MERGING_PAGES) || is(in, keyStart, keyEnd, RMAP_ITEMS))
                && !is(in, valueStart, valueEnd, ZERO);
        boolean offered = (is(in, keyStart, keyEnd, MERGE_ANY) || is(in, keyStart, keyEnd, MERGEABLE))
                && is(in, valueStart, valueEnd, YES);
        ksmSeen |= counted || offered;
    }

    private static int skipSpaces(byte[] in, int p, int end) {
        while (p < end && Character.isWhitespace(in[p])) {
            p++;
        }
        return p;
    }

    private static int skipWord(byte[] in, int p, int end) {
        while (p < end && !Character.isWhitespace(in[p])) {
            p++;
        }
        return p;
    }

    private static boolean is(byte[] in, int start, int end, byte[] word) {
        return end - start == word.length && ProcText.startsWith(in, start, end, word);
    }
}
