package io.github.jvmpagemap.samples.it.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.Range;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A swap file made for a test and removed after it (swapoff, delete), and the helper that pushes
 * a range of an app's memory out to it ({@code src/test/c/pageout.c}, compiled here). Needs root;
 * a test skips, saying why, where the machine refuses. Swap is the machine's: a test that adds it
 * holds {@link Locks#SWAP}.
 */
public final class SwapSpace implements AutoCloseable {
    /** An app's heap whose every page is resident, half of which a test pushes out. */
    public static final List<String> PRE_TOUCHED_HEAP = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
    public static final long HALF_HEAP = 128L << 20;
    static final long SIZE = 1L << 30;
    static final Path PAGEOUT_SOURCE = Path.of("src/test/c/pageout.c");
    private static final Path PAGEOUT = Path.of("target/pageout").toAbsolutePath();

    private final Path file;

    private SwapSpace(Path file) {
        this.file = file;
    }

    /** Compiles the helper, creates the swap file and turns it on; skips the test if it cannot. */
    public static SwapSpace create() throws IOException {
        assumeTrue(Requirement.ROOT.met(), "needs root to add swap (swapon)");
        String cc = compilePageout();
        assumeTrue(cc == null, () -> "cannot compile the pageout helper with gcc: " + cc);
        // Not world-readable: swapped-out memory of the test JVMs lands here.
        Path file = Files.createTempFile(Path.of("target"), "jvm-pagemap-", ".swap",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String made = Command.refusal("fallocate", "-l", Long.toString(SIZE), file.toString());
        if (made == null) {
            made = Command.refusal("mkswap", file.toString());
        }
        if (made == null) {
            made = Command.refusal("swapon", file.toString());
        }
        if (made != null) {
            Files.delete(file);
        }
        String refused = made;
        assumeTrue(refused == null, () -> "cannot add a swap file here: " + refused);
        return new SwapSpace(file);
    }

    private static synchronized String compilePageout() {
        return Command.refusal("gcc", "-O2", "-Wall", "-o", PAGEOUT.toString(), PAGEOUT_SOURCE.toString());
    }

    /** Asks the kernel to reclaim [start, end) of process {@code pid}: its anonymous pages go to swap. */
    public void pageOut(long pid, long start, long end) {
        Command.output(PAGEOUT.toString(), Long.toString(pid), Long.toHexString(start), Long.toHexString(end));
    }

    /** Pushes the first half of the heap of {@code app} (launched with {@link #PRE_TOUCHED_HEAP}) out to swap. */
    public void pageOutHalfTheHeap(App app) throws IOException {
        Range heap = app.layout().region(Region.JAVA_HEAP).ranges().get(0);
        pageOut(app.pid(), heap.start(), heap.start() + HALF_HEAP);
    }

    @Override
    public void close() throws IOException {
        try {
            Command.output("swapoff", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
