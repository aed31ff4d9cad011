package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;
import java.util.function.Consumer;

/**
 * Opens the page table for the {@code method} and {@code detail} options: the JDK 22+
 * variant, loaded from {@code META-INF/versions/22} of the multi-release jar. It prefers the
 * PAGEMAP_SCAN ioctl through FFM, which needs native access for the agent
 * ({@code --enable-native-access=ALL-UNNAMED}). Native access is checked before any
 * restricted method is touched, so the JDK never prints its warning.
 */
public final class PageTables {
    static final String NATIVE_ACCESS = "the PAGEMAP_SCAN fast path needs native access:"
            + " add --enable-native-access=ALL-UNNAMED to the java command line";

    private PageTables() {
    }

    /**
     * @param notes receives the informational line, if any, saying what a missing capability
     *     leaves out (not the figures a basic table leaves unmeasured: the caller says those)
     * @throws PageTableUnavailableException if the options ask for what this process cannot do
     */
    public static PageTable open(ScanMethod method, Detail detail, ProcFiles proc, Consumer<String> notes)
            throws PageTableUnavailableException {
        PageFrames frames = PageFrames.forDetail(detail, proc);
        PagemapFile pagemap = PagemapFile.open(proc, frames);
        PageTable table = pagemap;
        if (method != ScanMethod.PAGEMAP) {
            String unavailable = null;
            if (!PageTables.class.getModule().isNativeAccessEnabled()) {
                unavailable = NATIVE_ACCESS;
            } else {
                try {
                    table = PagemapScan.open(proc, pagemap,
                            frames == null ? null : new PresentFrames(pagemap.entries(), frames, proc.pageSize()));
                } catch (PageTableUnavailableException e) {
                    unavailable = e.getMessage();
                }
            }
            if (unavailable != null) {
                if (method == ScanMethod.SCAN) {
                    pagemap.close();
                    throw new PageTableUnavailableException("method=scan: " + unavailable
                            + " (or use method=pagemap or auto)");
                }
                notes.accept(unavailable + "; reading /proc/self/pagemap instead");
            }
        }
        return table;
    }
}
