package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code heaps from {@code Compiler.codecache}: a header naming each heap exactly as its
 * MemoryPoolMXBean ({@code CodeHeap 'profiled nmethods'}, or {@code CodeCache} when the cache
 * is not segmented), followed by {@code bounds [low, committed high, reserved high]}.
 */
final class CodeHeaps {
    private static final Pattern HEADER = Pattern.compile("^(CodeHeap '[^']*'|CodeCache): size=");

    private CodeHeaps() {
    }

    public static List<Region> parse(String codecache) {
        List<Region> heaps = new ArrayList<>();
        String[] lines = codecache.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            Matcher m = HEADER.matcher(lines[i]);
            String next = lines[i + 1].trim();
            // JDK 25 ends with a "CodeCache: size=..." total that has no bounds line.
            if (m.find() && next.startsWith("bounds")) {
                heaps.add(new Region(m.group(1), List.of(Addresses.firstToLast(next))));
            }
        }
        return heaps;
    }
}
