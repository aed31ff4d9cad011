package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident set from {@code /proc/<pid>/statm}: its second field, in pages, is the counter
 * status prints as VmRSS (anonymous + file + shmem pages), for a fraction of the kernel's work
 * of rendering status.
 */
public final class ProcessStatm {
    private ProcessStatm() {
    }

    /** VmRSS in bytes, or -1 when the file cannot be read or has no second field. */
    public static long residentBytes(Path statm, long pageSize) {
        try {
            long pages = parseResidentPages(Files.readAllBytes(statm));
            return pages < 0 ? -1 : pages * pageSize;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The second space-separated decimal field; -1 if there is none. */
    static long parseResidentPages(byte[] statm) {
        int p = 0;
        while (p < statm.length && statm[p] != ' ') {
            p++;
        }
        p++;
        long pages = 0;
        int digits = 0;
        for (; p < statm.length && statm[p] >= '0' && statm[p] <= '9'; p++, digits++) {
            pages = pages * 10 + (statm[p] - '0');
        }
        return digits == 0 ? -1 : pages;
    }
}
