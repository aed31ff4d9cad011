package io.github.jvmpagemap.samples.it.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A process's mappings as {@code /proc/<pid>/maps} lists them, read by the tests themselves. */
public record Maps(List<Mapping> mappings) {

    /** One line: {@code start-end perms offset dev inode [path]}. */
    public record Mapping(long start, long end, String perms, long offset, String path) {
        public boolean accessible() {
            return !perms.startsWith("---");
        }

        public long size() {
            return end - start;
        }
    }

    public static Maps of(long pid) throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/" + pid + "/maps")));
    }

    public static Maps parse(List<String> lines) {
        List<Mapping> mappings = new ArrayList<>();
        for (String line : lines) {
            mappings.add(header(line));
        }
        return new Maps(mappings);
    }

    /** The mapping a maps line (or an smaps header line) describes; null for any other line. */
    public static Mapping header(String line) {
        String[] f = line.trim().split("\\s+", 6);
        if (!f[0].matches("[0-9a-f]+-[0-9a-f]+") || f.length < 5) {
            return null;
        }
        int dash = f[0].indexOf('-');
        return new Mapping(Long.parseUnsignedLong(f[0].substring(0, dash), 16),
                Long.parseUnsignedLong(f[0].substring(dash + 1), 16), f[1], Long.parseUnsignedLong(f[2], 16),
                f.length > 5 ? f[5] : "");
    }
}
