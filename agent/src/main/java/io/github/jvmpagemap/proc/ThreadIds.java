package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The ids of the process's threads, the numbered entries of {@code /proc/self/task}, sorted, in an
 * array reused from listing to listing. One listing serves a scan: {@link ProcessThreads} lists at
 * the start of the scan, and {@link AnonymousSharing} reads the children files of the threads that
 * listing found ({@link #listSince}). Where it can ({@link TaskEntries}: JDK 22+ with native
 * access) the directory is listed in system calls into native memory, allocating nothing; else
 * through a directory stream, a path and a string per thread. Not thread-safe: one scanner thread
 * owns it.
 */
public final class ThreadIds {
    private final Path tasks;
    /** The listing in system calls, or null for a directory stream. */
    private final TaskEntries.Listing entries;
    private long[] ids = new long[64];
    private int count;
    /** When the latest listing began (System.nanoTime), if {@link #listed}. */
    private long listedAt;
    private boolean listed;

    public ThreadIds(Path tasks) {
        this.tasks = tasks;
        this.entries = TaskEntries.open(tasks);
    }

    /** The directory listed. */
    public Path directory() {
        return tasks;
    }

    /** Lists the threads now; on failure none are known until the next listing. */
    public void list() throws IOException {
        listed = false;
        count = 0;
        long began = System.nanoTime();
        int n = entries == null ? listStream() : listEntries();
        Arrays.sort(ids, 0, n);
        count = n;
        listedAt = began;
        listed = true;
    }

    /** Lists the threads unless a listing began at or after {@code since} (a System.nanoTime): then that one stands. */
    public void listSince(long since) throws IOException {
        if (!listed || listedAt - since < 0) {
            list();
        }
    }

    public int count() {
        return count;
    }

    /** The id of thread {@code i}, in ascending order. */
    public long id(int i) {
        return ids[i];
    }

    /** The directory of thread {@code i}. */
    public Path task(int i) {
        return tasks.resolve(Long.toString(ids[i]));
    }

    private int listEntries() throws IOException {
        int n;
        while ((n = entries.list(ids)) > ids.length) {
            ids = new long[n + n / 2];
        }
        return n;
    }

    private int listStream() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String name = thread.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    ids[n++] = Long.parseLong(name);
                }
            }
        }
        return n;
    }
}
