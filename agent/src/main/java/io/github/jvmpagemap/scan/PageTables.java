package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;
import java.util.function.Consumer;

/**
 * Opens the page table for the {@code method} and {@code detail} options. This is the JDK
 * 17-21 variant: only {@code pagemap} reads are possible, because the PAGEMAP_SCAN ioctl needs
 * FFM. A JDK 22+ build replaces this class through {@code META-INF/versions/22}.
 */
public final class PageTables {
    private PageTables() {
    }

    /**
     * @param notes receives the informational line, if any, saying what a missing capability
     *     leaves out (not the figures a basic table leaves unmeasured: the caller says those)
     * @throws PageTableUnavailableException if the options ask for what this process cannot do
     */
    public static PageTable open(ScanMethod method, Detail detail, ProcFiles proc, Consumer<String> notes)
            throws PageTableUnavailableException {
        if (method == ScanMethod.SCAN) {
            throw new PageTableUnavailableException("method=scan needs the PAGEMAP_SCAN fast path, which needs"
                    + " JDK 22 or newer; this JVM is " + Runtime.version().feature() + " (use method=pagemap or auto)");
        }
        return PagemapFile.open(proc, PageFrames.forDetail(detail, proc));
    }
}
