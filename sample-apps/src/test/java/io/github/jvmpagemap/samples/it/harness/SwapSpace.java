package io.github.jvmpagemap.samples.it.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A swap file made for the tests and removed after them (swapoff, delete), and the helper that
 * pushes a range of a child's memory out to it ({@code src/test/c/pageout.c}, compiled here).
 * Needs root; a test skips, saying why, where the machine refuses.
 */
public final class SwapSpace implements AutoCloseable {
    static final long SIZE = 1L << 30;
    public static final Path PAGEOUT_SOURCE = Path.of("src/test/c/pageout.c");

    private final Path file;
    private final Path pageout;

    private SwapSpace(Path file, Path pageout) {
        this.file = file;
        this.pageout = pageout;
    }

    /** Compiles the helper, creates the swap file and turns it on; skips the test if it cannot. */
    public static SwapSpace create() throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to add swap (swapon)");
        Path pageout = Path.of("target/pageout");
        String cc = run(List.of("gcc", "-O2", "-Wall", "-o", pageout.toString(), PAGEOUT_SOURCE.toString()));
        assumeTrue(cc == null, () -> "cannot compile the pageout helper with gcc: " + cc);
        // Not world-readable: swapped-out memory of the test JVMs lands here.
        Path file = Files.createTempFile(Path.of("target"), "jvm-pagemap-", ".swap",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String made = run(List.of("fallocate", "-l", Long.toString(SIZE), file.toString()));
        if (made == null) {
            made = run(List.of("mkswap", file.toString()));
        }
        if (made == null) {
            made = run(List.of("swapon", file.toString()));
        }
        if (made != null) {
            Files.delete(file);
        }
        String refused = made;
        assumeTrue(refused == null, () -> "cannot add a swap file here: " + refused);
        return new SwapSpace(file, pageout);
    }

    /** Asks the kernel to reclaim [start, end) of process {@code pid}: its anonymous pages go to swap. */
    public void pageOut(long pid, long start, long end) throws IOException, InterruptedException {
        String failed = run(List.of(pageout.toAbsolutePath().toString(), Long.toString(pid), Long.toHexString(start),
                Long.toHexString(end)));
        if (failed != null) {
            throw new AssertionError("pageout failed: " + failed);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            String off = run(List.of("swapoff", file.toString()));
            if (off != null) {
                throw new IllegalStateException("swapoff " + file + " failed: " + off);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Runs a command; null if it succeeded, else what it said. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return command.get(0) + ": " + e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " timed out";
        }
        return p.exitValue() == 0 ? null : String.join(" ", command) + ": " + output.strip();
    }
}
