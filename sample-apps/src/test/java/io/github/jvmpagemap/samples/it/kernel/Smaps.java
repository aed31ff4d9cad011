package io.github.jvmpagemap.samples.it.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The kernel's own per-mapping accounting, {@code /proc/<pid>/smaps}: the tests' oracle. */
public record Smaps(List<Mapping> mappings) {

    public record Mapping(long start, long end, String perms, String path, long rss, long swap) {
        public boolean accessible() {
            return !perms.startsWith("---");
        }

        public long size() {
            return end - start;
        }
    }

    /** The resident bytes of the mappings {@code which} picks. */
    public long rss(Predicate<Mapping> which) {
        return mappings.stream().filter(which).mapToLong(Mapping::rss).sum();
    }

    public static Smaps of(long pid) throws IOException {
        List<Mapping> mappings = new ArrayList<>();
        Maps.Mapping where = null;
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            Maps.Mapping header = Maps.header(line);
            String[] f = line.trim().split("\\s+");
            if (header != null) {
                where = header;
            } else if (f[0].equals("Rss:")) {
                rss = Long.parseLong(f[1]) * 1024;
            } else if (f[0].equals("Swap:")) {
                mappings.add(new Mapping(where.start(), where.end(), where.perms(), where.path(), rss,
                        Long.parseLong(f[1]) * 1024));
            }
        }
        return new Smaps(mappings);
    }
}
