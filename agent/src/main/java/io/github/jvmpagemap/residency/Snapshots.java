package io.github.jvmpagemap.residency;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Full-fidelity page maps on request: a task the scanner runs, whose scan hands every run of
 * same-state pages to a writer as well as to its own figures.
 */
public interface Snapshots {

    /**
     * Writes a page map (every run of same-state pages, per region and sub-region) to a new .jfr
     * file, waiting for the scanner within bounds.
     *
     * @throws IOException if the file exists, is a link, cannot be written, or the scanner is stopped
     */
    void take(Path file) throws IOException;
}
