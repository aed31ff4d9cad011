package io.github.jvmpagemap.samples.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The kernel's own per-mapping accounting, {@code /proc/<pid>/smaps}: the tests' oracle. */
record Smaps(List<Mapping> mappings) {

    record Mapping(long start, long end, String perms, String path, long rss, long swap) {
        boolean accessible() {
            return !perms.startsWith("---");
        }

        long size() {
            return end - start;
        }
    }

    static Smaps of(long pid) throws IOException {
        List<Mapping> mappings = new ArrayList<>();
        long start = 0;
        long end = 0;
        String perms = null;
        String path = "";
        long rss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            String[] f = line.trim().split("\\s+");
            if (f[0].matches("[0-9a-f]+-[0-9a-f]+")) {
                String[] range = f[0].split("-");
                start = Long.parseUnsignedLong(range[0], 16);
                end = Long.parseUnsignedLong(range[1], 16);
                perms = f[1];
                path = f.length > 5 ? line.substring(line.indexOf(f[5])) : "";
            } else if (f[0].equals("Rss:")) {
                rss = Long.parseLong(f[1]) * 1024;
            } else if (f[0].equals("Swap:")) {
                mappings.add(new Mapping(start, end, perms, path, rss, Long.parseLong(f[1]) * 1024));
            }
        }
        return new Smaps(mappings);
    }
}
