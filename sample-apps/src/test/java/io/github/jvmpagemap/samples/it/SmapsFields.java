package io.github.jvmpagemap.samples.it;

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

    static long sum(List<String> smaps, List<Range> ranges, String field) {
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
}
