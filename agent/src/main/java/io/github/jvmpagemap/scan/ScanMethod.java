package io.github.jvmpagemap.scan;

/** How the page tables are read: the {@code method} option. */
public enum ScanMethod {
    /** The fastest method this JVM and kernel allow. */
    AUTO,
    /** The PAGEMAP_SCAN ioctl (Linux 6.7+, JDK 22+ with native access). */
    SCAN,
    /** Positional reads of /proc/self/pagemap: portable. */
    PAGEMAP
}
