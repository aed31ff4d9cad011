package io.github.jvmpagemap.samples.it;

import io.github.jvmpagemap.region.AddressRange;
import io.github.jvmpagemap.region.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any field of {@code /proc/<pid>/smaps} (AnonHugePages, Swap, Rss...) summed over the
 * accessible mappings that lie inside a region's ranges: the kernel's own figure, as oracle.
 */
final class SmapsFields {
    private SmapsFields() {
    }

    /** {@code field} (e.g. "AnonHugePages") in bytes, summed over the mappings of {@code region}. */
    static long sum(long pid, Region region, String field) throws IOException {
        return sum(Files.readAllLines(Path.of("/proc/" + pid + "/smaps")), region.ranges(), field);
    }

    static long sum(List<String> smaps, List<AddressRange> ranges, String field) {
        long total = 0;
        boolean inside = false;
        for (String line : smaps) {
            String[] f = line.trim().split("\\s+");
            if (f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                String[] range = f[0].split("-");
                long start = Long.parseUnsignedLong(range[0], 16);
                long end = Long.parseUnsignedLong(range[1], 16);
                inside = !f[1].startsWith("---")
                        && ranges.stream().anyMatch(r -> r.start() <= start && end <= r.end());
            } else if (inside && f[0].equals(field + ":")) {
                total += Long.parseLong(f[1]) * 1024;
            }
        }
        return total;
    }
}
