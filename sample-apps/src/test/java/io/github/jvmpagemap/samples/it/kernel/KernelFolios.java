package io.github.jvmpagemap.samples.it.kernel;

import io.github.jvmpagemap.samples.it.jvm.Range;
import io.github.jvmpagemap.samples.it.jvm.Region;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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
    private static final long PAGE = 4096;
    private static final long PRESENT = 1L << 63;
    private static final long PFN = (1L << 55) - 1;
    private static final long THP = 1L << 22;
    private static final long ZERO_PAGE = 1L << 24;
    private static final List<String> PMD_MAPPED = List.of("AnonHugePages:", "ShmemPmdMapped:", "FilePmdMapped:");

    private KernelFolios() {
    }

    /** Bytes of {@code region} on large folios not mapped by a PMD, in process {@code pid}. */
    public static long largeFolioBytes(long pid, Region region) throws IOException {
        long total = 0;
        Maps.Mapping current = null;
        long pmdMapped = 0;
        try (FileChannel pagemap = FileChannel.open(Path.of("/proc/" + pid + "/pagemap"));
                FileChannel flags = FileChannel.open(Path.of("/proc/kpageflags"))) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
                Maps.Mapping m = Maps.header(line);
                if (m != null) {
                    if (current != null) {
                        total += folioBytes(current, region, pmdMapped, pagemap, flags);
                    }
                    Maps.Mapping next = m;
                    current = m.accessible() && region.ranges().stream().anyMatch(r -> r.overlaps(next.start(),
                            next.end())) ? m : null;
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
                total += folioBytes(current, region, pmdMapped, pagemap, flags);
            }
        }
        return total;
    }

    /** The THP-flagged present bytes of one mapping's part in the region, less its PMD-mapped bytes; 0 for none. */
    private static long folioBytes(Maps.Mapping m, Region region, long pmdMapped, FileChannel pagemap,
            FileChannel flags) throws IOException {
        long total = 0;
        for (Range r : region.ranges()) {
            long from = Math.max(r.start(), m.start());
            long to = Math.min(r.end(), m.end());
            if (from < to) {
                if (pmdMapped > 0 && to - from < m.end() - m.start()) {
                    throw new IllegalStateException(String.format("smaps has %d PMD-mapped bytes in [%x, %x), which"
                            + " runs past %s: they cannot be told apart", pmdMapped, m.start(), m.end(), region));
                }
                total += thpBytes(from, to, pagemap, flags);
            }
        }
        return Math.max(0, total - pmdMapped);
    }

    /** Present bytes of [from, to) whose frames kpageflags marks THP, not the zero page. */
    private static long thpBytes(long from, long to, FileChannel pagemap, FileChannel flags) throws IOException {
        long pages = (to - from) / PAGE;
        ByteBuffer entries = ByteBuffer.allocate((int) Math.min(pages, 1 << 16) * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer word = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        long thp = 0;
        for (long done = 0; done < pages; ) {
            entries.clear().limit((int) Math.min(pages - done, 1 << 16) * 8);
            long position = (from / PAGE + done) * 8;
            while (entries.hasRemaining()) {
                if (pagemap.read(entries, position + entries.position()) <= 0) {
                    throw new IOException("short read of pagemap at " + Long.toHexString(from + done * PAGE));
                }
            }
            for (int i = 0; i < entries.limit() / 8; i++) {
                long entry = entries.getLong(i * 8);
                long frame = entry & PFN;
                if ((entry & PRESENT) == 0 || frame == 0) {
                    continue;
                }
                word.clear();
                if (flags.read(word, frame * 8) != 8) {
                    throw new IOException("short read of /proc/kpageflags");
                }
                long f = word.getLong(0);
                if ((f & THP) != 0 && (f & ZERO_PAGE) == 0) {
                    thp++;
                }
            }
            done += entries.limit() / 8;
        }
        return thp * PAGE;
    }
}
