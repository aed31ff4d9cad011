package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.MemoryMaps;
import java.io.IOException;

/**
 * Written-page tracking over one write window at a time, through userfaultfd's asynchronous
 * write-protect mode and {@code PAGEMAP_SCAN}'s written category: the window registers the
 * process's writable anonymous and shared memory and arms it; the kernel then resolves the first
 * write to each armed page itself (nothing waits for a reader), and a read tells which pages were
 * written. Huge pages are never armed (arming one splits it); ending the window closes the
 * descriptor, which unregisters everything, as does the process's death.
 *
 * <p>Not thread-safe: the agent's own thread alone uses it.
 */
public interface WriteTracker extends AutoCloseable {

    /**
     * Opens a window if none is open, registering what {@code maps} holds that can be registered,
     * and arms it; in an open window, registers what is new and re-arms everything, so the window
     * starts again now. Never splits a huge page.
     *
     * @param sampleEvery 1 to arm every present page; above 1, only the present pages in the
     *     blocks {@link WrittenPages#sampled} picks, one in that many, so that the application pays
     *     for that share of its first writes only
     * @throws IOException if the kernel refuses: then no window is open
     */
    void arm(MemoryMaps maps, int sampleEvery) throws IOException;

    /** True while a window is open. */
    boolean armed();

    /**
     * Reads what was written since the window was last armed into {@code into} (cleared first, for
     * the sample the window was armed with), leaving the window open.
     *
     * @throws IllegalStateException if no window is open
     */
    void read(WrittenPages into) throws IOException;

    /** Ends the window, if one is open: nothing stays registered. */
    void end();

    /** Ends the window and releases the tracker's native memory. */
    @Override
    void close();
}
