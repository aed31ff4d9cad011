package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;
import java.io.IOException;

/**
 * Opens the page table for the {@code method} option: the JDK 22+ variant, loaded from
 * {@code META-INF/versions/22} of the multi-release jar. FFM is available here, which the
 * PAGEMAP_SCAN fast path will use; until it is built, {@code pagemap} reads are the method.
 */
public final class PageTables {
    private PageTables() {
    }

    public static PageTable open(ScanMethod method, ProcFiles proc) throws PageTableUnavailableException {
        if (method == ScanMethod.SCAN) {
            throw new PageTableUnavailableException("method=scan: this build of jvm-pagemap has no PAGEMAP_SCAN"
                    + " fast path yet (use method=pagemap or auto)");
        }
        return pagemap(proc);
    }

    static PageTable pagemap(ProcFiles proc) throws PageTableUnavailableException {
        try {
            return new PagemapFile(proc.pagemap(), proc.pageSize());
        } catch (IOException e) {
            throw new PageTableUnavailableException("cannot read " + proc.pagemap() + ": " + e.getMessage());
        }
    }
}
