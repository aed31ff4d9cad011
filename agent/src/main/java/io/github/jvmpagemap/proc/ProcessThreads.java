package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The process's threads as the kernel shows them: each thread's id, name ({@code comm}) and
 * stack pointer, from {@code /proc/self/task/<tid>/syscall}, whose second-to-last field is the
 * user stack pointer of a thread blocked in the kernel. A thread running at the moment of the read
 * has none; it is asked again at the next {@link #refresh()}. A thread's files are read once,
 * when it first appears: a thread's stack does not move while it lives.
 *
 * <p>Reading {@code syscall} needs ptrace permission over oneself, which a hardened container can
 * deny; then no stack pointer is known and {@link #problem()} says why, in one line.
 */
public final class ProcessThreads {
    /** Stack pointer of a thread whose stack is not known (running, or unreadable). */
    public static final long UNKNOWN = 0;
    /** Reads of a running thread's {@code syscall} in one refresh before it is left for the next. */
    static final int RUNNING_RETRIES = 3;

    private final ThreadIds listing;
    private final ByteBuffer buffer = ByteBuffer.allocate(512);
    private long[] tids = new long[0];
    private long[] stackPointers = new long[0];
    private String[] names = new String[0];
    private int count;
    private String problem;

    /** The threads of {@code proc}'s listing, which its other readers share. */
    public ProcessThreads(ProcFiles proc) {
        this(proc.threadIds());
    }

    ProcessThreads(Path tasks) {
        this(new ThreadIds(tasks));
    }

    private ProcessThreads(ThreadIds listing) {
        this.listing = listing;
    }

    /**
     * Lists the threads again, reading the files of those that are new or whose stack pointer is not
     * known yet.
     *
     * @return true if the set of threads or what is known of them changed
     */
    public boolean refresh() {
        Path tasks = listing.directory();
        try {
            listing.list();
        } catch (IOException | RuntimeException e) {
            problem = "threads: " + tasks + " could not be listed ("
                    + (e instanceof IOException io ? IoFailure.reason(io) : e.toString()) + ")";
            boolean changed = count > 0;
            count = 0;
            return changed;
        }
        if (listing.count() == 0) {
            // A live process has a thread at least: this one, reading.
            problem = "threads: " + tasks + " lists no thread: stacks are not told from other anonymous memory";
            boolean changed = count > 0;
            count = 0;
            return changed;
        }
        if (allKnown()) {
            problem = null;
            return false;
        }
        long[] listed = new long[listing.count()];
        for (int i = 0; i < listed.length; i++) {
            listed[i] = listing.id(i);
        }
        long[] newSp = new long[listed.length];
        String[] newNames = new String[listed.length];
        boolean changed = listed.length != count;
        String readProblem = null;
        int old = 0;
        for (int i = 0; i < listed.length; i++) {
            while (old < count && tids[old] < listed[i]) {
                old++;
            }
            boolean known = old < count && tids[old] == listed[i];
            if (known && stackPointers[old] != UNKNOWN) {
                newSp[i] = stackPointers[old];
                newNames[i] = names[old];
                continue;
            }
            changed |= !known;
            Path task = tasks.resolve(Long.toString(listed[i]));
            newNames[i] = known ? names[old] : name(task);
            try {
                // A thread on a CPU has no stack pointer to show; it may be off it a moment later.
                newSp[i] = UNKNOWN;
                for (int attempt = 0; attempt < RUNNING_RETRIES && newSp[i] == UNKNOWN; attempt++) {
                    newSp[i] = stackPointer(read(task.resolve("syscall")));
                }
                changed |= newSp[i] != UNKNOWN;
            } catch (NoSuchFileException e) {
                newSp[i] = UNKNOWN; // the thread ended meanwhile
            } catch (IOException e) {
                newSp[i] = UNKNOWN;
                readProblem = "thread stacks: " + task.resolve("syscall") + " could not be read (" + IoFailure.reason(e)
                        + "): stacks are not told from other anonymous memory";
            }
        }
        tids = listed;
        stackPointers = newSp;
        names = newNames;
        count = listed.length;
        problem = readProblem;
        return changed;
    }

    /**
     * True if the listing has the threads known already, each with its stack pointer: then nothing
     * is read (or allocated), as in every scan of an application whose threads do not change.
     */
    private boolean allKnown() {
        if (listing.count() != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (listing.id(i) != tids[i] || stackPointers[i] == UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    private String name(Path task) {
        try {
            int n = ProcText.readSmall(task.resolve("comm"), buffer);
            return ThreadNames.decode(buffer.array(), n > 0 && buffer.get(n - 1) == '\n' ? n - 1 : n);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The stack pointer in a {@code syscall} file: {@code nr arg1 ... arg6 sp pc} for a thread in a
     * system call, {@code -1 sp pc} for one blocked outside, {@code running} for one on a CPU.
     */
    static long stackPointer(String syscall) {
        String[] fields = syscall.strip().split(" ");
        if (fields.length < 3 || !fields[fields.length - 2].startsWith("0x")) {
            return UNKNOWN;
        }
        try {
            return Long.parseUnsignedLong(fields[fields.length - 2].substring(2), 16);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    private String read(Path file) throws IOException {
        int n = ProcText.readSmall(file, buffer);
        return new String(buffer.array(), 0, n, StandardCharsets.US_ASCII);
    }

    public int count() {
        return count;
    }

    public long tid(int i) {
        return tids[i];
    }

    /** The thread's user stack pointer, or {@link #UNKNOWN}. */
    public long stackPointer(int i) {
        return stackPointers[i];
    }

    /** The thread's name as the kernel keeps it: at most 15 bytes ({@link ThreadNames}). */
    public String name(int i) {
        return names[i];
    }

    /** Why stacks could not be told this time, or null. */
    public String problem() {
        return problem;
    }
}
