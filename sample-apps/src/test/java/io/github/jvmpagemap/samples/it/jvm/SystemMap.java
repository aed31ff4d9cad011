package io.github.jvmpagemap.samples.it.jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JVM's own {@code System.map} (JDK 22+), read by the tests: each mapping's resident bytes
 * and the labels NMT gives it. Its columns: from-to, vsize, prot, rss, hugetlb, pgsz, notes, info
 * (the labels, comma-separated where the kernel merged mappings of several), file.
 */
public record SystemMap(List<Mapping> mappings) {

    /** One mapping: its resident bytes and its labels, the first one first. */
    public record Mapping(long rss, List<String> labels) {
    }

    public static SystemMap parse(String text) {
        List<Mapping> mappings = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].startsWith("0x")) {
                mappings.add(new Mapping(Long.parseLong(f[3]), List.of(f[7].split(","))));
            }
        }
        return new SystemMap(mappings);
    }

    /** The resident bytes of the mappings whose first label matches. */
    public long rssLabelledFirst(Predicate<String> label) {
        return mappings.stream().filter(m -> label.test(m.labels().get(0))).mapToLong(Mapping::rss).sum();
    }

    /** The resident bytes of the mappings with any label that matches. */
    public long rssLabelledAtAll(Predicate<String> label) {
        return mappings.stream().filter(m -> m.labels().stream().anyMatch(label)).mapToLong(Mapping::rss).sum();
    }
}
