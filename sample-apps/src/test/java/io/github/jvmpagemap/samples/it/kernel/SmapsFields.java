package io.github.jvmpagemap.samples.it.kernel;

import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
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
 * Any field of {@code /proc/<pid>/smaps} (AnonHugePages, Swap, Rss...) summed over the
 * accessible mappings that lie inside a region's ranges: the kernel's own figure, as oracle.
 */
public final class SmapsFields {
    private SmapsFields() {
    }

    /** {@code field} (e.g. "AnonHugePages") in bytes, summed over the mappings of {@code region}. */
    public static long sum(long pid, Region region, String field) throws IOException {
        return sum(Files.readAllLines(Path.of("/proc/" + pid + "/smaps")), region.ranges(), field);
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

    /**
     * smaps Shared_Clean + Shared_Dirty and Pss of {@code region}, in bytes. A mapping inside its
     * ranges counts whole, as smaps says; for one the kernel merged with memory beside the region
     * (a metaspace node's first committed part with the thread stack or anonymous memory just below
     * it), smaps' figures cover both, so the part inside is counted page by page as smaps counts
     * it: a present page that is not the zero page is shared if mapped more than once, and adds
     * its size divided by its map count to Pss (pagemap, /proc/kpageflags and /proc/kpagecount;
     * needs root). Each mapping's Pss is truncated to KiB, as smaps prints it.
     */
    public static long[] sharedAndPss(long pid, Region region) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/smaps"));
        long shared = sum(lines, region.ranges(), "Shared_Clean") + sum(lines, region.ranges(), "Shared_Dirty");
        long pss = sum(lines, region.ranges(), "Pss");
        try (FileChannel pagemap = FileChannel.open(Path.of("/proc/" + pid + "/pagemap"));
                FileChannel flags = FileChannel.open(Path.of("/proc/kpageflags"));
                FileChannel counts = FileChannel.open(Path.of("/proc/kpagecount"))) {
            for (String line : lines) {
                Maps.Mapping m = Maps.header(line);
                if (m == null || !m.accessible() || region.ranges().stream().anyMatch(r -> r.contains(m.start(), m.end()))) {
                    continue;
                }
                for (Range r : region.ranges()) {
                    long from = Math.max(m.start(), r.start());
                    long to = Math.min(m.end(), r.end());
                    double partPss = 0;
                    for (long a = from; a < to; a += PAGE) {
                        long entry = u64(pagemap, a / PAGE);
                        long frame = entry & ((1L << 55) - 1);
                        if ((entry & PRESENT) == 0 || frame == 0 || (u64(flags, frame) & KPF_ZERO_PAGE) != 0) {
                            continue;
                        }
                        long mapCount = Math.max(1, u64(counts, frame));
                        shared += mapCount > 1 ? PAGE : 0;
                        partPss += (double) PAGE / mapCount;
                    }
                    pss += (long) (partPss / 1024) * 1024;
                }
            }
        }
        return new long[] {shared, pss};
    }

    private static final long PAGE = LayoutOracle.PAGE;
    private static final long PRESENT = 1L << 63;
    private static final long KPF_ZERO_PAGE = 1L << 24;

    private static long u64(FileChannel file, long index) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, index * 8 + buffer.position()) <= 0) {
                throw new IOException("short read at entry " + index);
            }
        }
        return buffer.getLong(0);
    }
}
