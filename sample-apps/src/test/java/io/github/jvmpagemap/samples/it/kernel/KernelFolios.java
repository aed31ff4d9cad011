package io.github.jvmpagemap.samples.it.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's account of a region's large folios mapped page by page, read by the test itself
 * (root only): for the part of each accessible mapping inside the region's ranges, the present
 * pages whose frame {@code /proc/kpageflags} marks THP (bit 22: any large folio, PMD-mapped or
 * not; never a hugetlb page), less the mapping's PMD-mapped pages as smaps counts them
 * (AnonHugePages, ShmemPmdMapped, FilePmdMapped). smaps cannot split a mapping: one that runs
 * past the region and has PMD-mapped pages cannot be told, and is an error. The zero page (bit 24)
 * is left out: the huge zero page is marked THP too.
 */
public final class KernelFolios {
    private static final List<String> PMD_MAPPED = List.of("AnonHugePages:", "ShmemPmdMapped:", "FilePmdMapped:");

    private KernelFolios() {
    }

    /** Bytes of {@code ranges} on large folios not mapped by a PMD, in process {@code pid}. */
    public static long largeFolioBytes(long pid, List<Range> ranges) throws IOException {
        long total = 0;
        Maps.Mapping current = null;
        long pmdMapped = 0;
        try (Pagemap pagemap = Pagemap.of(pid); Pagemap flags = Pagemap.frames("kpageflags")) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
                Maps.Mapping m = Maps.header(line);
                if (m != null) {
                    if (current != null) {
                        total += folioBytes(current, ranges, pmdMapped, pagemap, flags);
                    }
                    current = m.accessible() && ranges.stream().anyMatch(r -> r.overlaps(m.start(), m.end())) ? m : null;
                    pmdMapped = 0;
                } else if (current != null) {
                    for (String field : PMD_MAPPED) {
                        if (line.startsWith(field)) {
                            pmdMapped += Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                        }
                    }
                }
            }
            if (current != null) {
                total += folioBytes(current, ranges, pmdMapped, pagemap, flags);
            }
        }
        return total;
    }

    /** The THP-flagged present bytes of one mapping's part in the ranges, less its PMD-mapped bytes; 0 for none. */
    private static long folioBytes(Maps.Mapping m, List<Range> ranges, long pmdMapped, Pagemap pagemap, Pagemap flags)
            throws IOException {
        long total = 0;
        for (Range r : ranges) {
            long from = Math.max(r.start(), m.start());
            long to = Math.min(r.end(), m.end());
            if (from < to) {
                if (pmdMapped > 0 && to - from < m.end() - m.start()) {
                    throw new IllegalStateException(String.format("smaps has %d PMD-mapped bytes in [%x, %x), which"
                            + " runs past %s: they cannot be told apart", pmdMapped, m.start(), m.end(), ranges));
                }
                total += thpBytes(pagemap.entries(from, to), flags);
            }
        }
        return Math.max(0, total - pmdMapped);
    }

    /** Present bytes among {@code entries} whose frames kpageflags marks THP, not the zero page. */
    private static long thpBytes(long[] entries, Pagemap flags) throws IOException {
        long thp = 0;
        for (long entry : entries) {
            long frame = entry & Pagemap.FRAME;
            if ((entry & Pagemap.PRESENT) == 0 || frame == 0) {
                continue;
            }
            long f = flags.entry(frame);
            if ((f & Pagemap.KPF_THP) != 0 && (f & Pagemap.KPF_ZERO_PAGE) == 0) {
                thp++;
            }
        }
        return thp * Pagemap.PAGE;
    }
}
