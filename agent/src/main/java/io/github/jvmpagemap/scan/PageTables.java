package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;
import java.io.IOException;

/**
 * Opens the page table for the {@code method} option. This is the JDK 17-21 variant: only
 * {@code pagemap} reads are possible, because the PAGEMAP_SCAN ioctl needs FFM. A JDK 22+
 * build replaces this class through {@code META-INF/versions/22}.
 */
public final class PageTables {
    private PageTables() {
    }

    public static PageTable open(ScanMethod method, ProcFiles proc) throws PageTableUnavailableException {
        if (method == ScanMethod.SCAN) {
            throw new PageTableUnavailableException("method=scan needs the PAGEMAP_SCAN fast path, which needs"
                    + " JDK 22 or newer; this JVM is " + Runtime.version().feature() + " (use method=pagemap or auto)");
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
