package io.github.jvmpagemap.samples.it.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any field of {@code /proc/<pid>/smaps} (AnonHugePages, Swap, Rss...) summed over the
 * accessible mappings that lie inside a region's ranges: the kernel's own figure, as oracle.
 */
public final class SmapsFields {
    private SmapsFields() {
    }

    /** {@code field} (e.g. "AnonHugePages") in bytes, summed over the mappings inside {@code ranges}. */
    public static long sum(long pid, List<Range> ranges, String field) throws IOException {
        return sum(Files.readAllLines(Path.of("/proc/" + pid + "/smaps")), ranges, field);
    }

    public static long sum(List<String> smaps, List<Range> ranges, String field) {
        long total = 0;
        boolean inside = false;
        for (String line : smaps) {
            Maps.Mapping m = Maps.header(line);
            if (m != null) {
                inside = m.accessible() && ranges.stream().anyMatch(r -> r.contains(m.start(), m.end()));
            } else if (inside && line.startsWith(field + ":")) {
                total += Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) * 1024;
            }
        }
        return total;
    }

    /** smaps' sharing of a region: Shared_Clean + Shared_Dirty, and Pss, in bytes. */
    public record Sharing(long shared, long pss) {
    }

    /**
     * smaps Shared_Clean + Shared_Dirty and Pss of the mappings in {@code ranges}, in bytes. A
     * mapping inside them counts whole, as smaps says; for one the kernel merged with memory beside
     * them (a metaspace node's first committed part with the thread stack or anonymous memory just
     * below it), smaps' figures cover both, so the part inside is counted page by page as smaps
     * counts it: a present page that is not the zero page is shared if mapped more than once, and
     * adds its size divided by its map count to Pss (pagemap, /proc/kpageflags and
     * /proc/kpagecount; needs root). Each mapping's Pss is truncated to KiB, as smaps prints it.
     */
    public static Sharing sharing(long pid, List<Range> ranges) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/smaps"));
        long shared = sum(lines, ranges, "Shared_Clean") + sum(lines, ranges, "Shared_Dirty");
        long pss = sum(lines, ranges, "Pss");
        try (Pagemap pagemap = Pagemap.of(pid); Pagemap flags = Pagemap.frames("kpageflags");
                Pagemap counts = Pagemap.frames("kpagecount")) {
            for (String line : lines) {
                Maps.Mapping m = Maps.header(line);
                if (m == null || !m.accessible() || ranges.stream().anyMatch(r -> r.contains(m.start(), m.end()))) {
                    continue;
                }
                for (Range r : ranges) {
                    long from = Math.max(m.start(), r.start());
                    long to = Math.min(m.end(), r.end());
                    double partPss = 0;
                    for (long a = from; a < to; a += Pagemap.PAGE) {
                        long entry = pagemap.entry(a / Pagemap.PAGE);
                        long frame = entry & Pagemap.FRAME;
                        if ((entry & Pagemap.PRESENT) == 0 || frame == 0
                                || (flags.entry(frame) & Pagemap.KPF_ZERO_PAGE) != 0) {
                            continue;
                        }
                        long mapCount = Math.max(1, counts.entry(frame));
                        shared += mapCount > 1 ? Pagemap.PAGE : 0;
                        partPss += (double) Pagemap.PAGE / mapCount;
                    }
                    pss += (long) (partPss / 1024) * 1024;
                }
            }
        }
        return new Sharing(shared, pss);
    }
}
