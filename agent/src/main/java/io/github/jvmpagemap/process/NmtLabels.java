package io.github.jvmpagemap.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the JVM's Native Memory Tracking says each mapping is for, where NMT is on: from
 * {@code System.map} on JDK 22+ (one line per kernel mapping, with the NMT tags of the memory in
 * it), or from the virtual memory map of {@code VM.native_memory detail} on JDK 17 to 21 (one line
 * per reservation). A mapping the kernel merged from reservations of different uses carries
 * several tags ({@code CODE,GC}): the parts inside a JVM region are that region's, and the rest
 * takes the first tag that is not a JVM region's.
 */
final class NmtLabels {
    /** What a label makes of its memory. */
    enum Use {
        /** A thread's stack. */
        STACK,
        /** The collector's side tables. */
        GC,
        /** One of the JVM regions, which are found otherwise. */
        JVM_REGION,
        /** Anything else NMT names: a sub-row of Other Native named after the tag. */
        OTHER
    }

    /** One labelled range; {@code name} is the sub-row's name for {@link Use#OTHER}. */
    record Label(long start, long end, Use use, String name) {
    }

    private static final Map<String, Use> SYSTEM_MAP_TAGS = Map.of("STACK", Use.STACK, "GC", Use.GC, "CARDTBL", Use.GC,
            "JAVAHEAP", Use.JVM_REGION, "CLASS", Use.JVM_REGION, "META", Use.JVM_REGION, "CODE", Use.JVM_REGION,
            "CDS", Use.JVM_REGION);
    private static final Map<String, Use> DETAIL_TAGS = Map.of("Thread Stack", Use.STACK, "GC", Use.GC,
            "Java Heap", Use.JVM_REGION, "Class", Use.JVM_REGION, "Metaspace", Use.JVM_REGION, "Code", Use.JVM_REGION,
            "Shared class space", Use.JVM_REGION);
    // "                   CARDTBL: GC Card table"
    private static final Pattern LEGEND = Pattern.compile("(?m)^ {2,}([A-Z]+): (.+)$");
    // "0x00007fb2e9200000-0x00007fb2eb7e8000     39747584 rw-p  0  0 4K   com   GC   -"
    private static final Pattern SYSTEM_MAP_LINE = Pattern.compile(
            "(?m)^0x(\\p{XDigit}+)-0x(\\p{XDigit}+)\\s+\\d+\\s+\\S+\\s+\\d+\\s+\\d+\\s+\\S+\\s+\\S+\\s+(\\S+)");
    // "[0x00007f345a000000 - 0x00007f345c000000] reserved and committed 32768KB for GC from"
    private static final Pattern RESERVATION = Pattern.compile(
            "(?m)^\\[0x(\\p{XDigit}+) - 0x(\\p{XDigit}+)\\] reserved[^\\n]*? for (.+?) from\\s*$");

    private NmtLabels() {
    }

    /** The labels of {@code System.map}'s mappings that NMT tagged (JDK 22+). */
    static List<Label> fromSystemMap(String systemMap) {
        Map<String, String> legend = new HashMap<>();
        Matcher l = LEGEND.matcher(systemMap);
        while (l.find()) {
            String description = l.group(2).strip();
            int paren = description.indexOf(" (");
            legend.put(l.group(1), paren > 0 ? description.substring(0, paren) : description);
        }
        List<Label> labels = new ArrayList<>();
        Matcher m = SYSTEM_MAP_LINE.matcher(systemMap);
        while (m.find()) {
            String info = m.group(3);
            if (info.equals("-")) {
                continue;
            }
            Label label = null;
            for (String tag : info.split(",")) {
                // A stack's tag names its thread: STACK-21552-GC-Thread.
                String key = tag.startsWith("STACK-") ? "STACK" : tag;
                Use use = SYSTEM_MAP_TAGS.getOrDefault(key, Use.OTHER);
                if (label == null || label.use() == Use.JVM_REGION && use != Use.JVM_REGION) {
                    label = new Label(parse(m.group(1)), parse(m.group(2)), use, legend.getOrDefault(key, key));
                }
            }
            labels.add(label);
        }
        return labels;
    }

    /** The labels of the reservations in {@code VM.native_memory detail}'s virtual memory map (JDK 17-21). */
    static List<Label> fromVirtualMemoryMap(String detail) {
        List<Label> labels = new ArrayList<>();
        Matcher m = RESERVATION.matcher(detail);
        while (m.find()) {
            String tag = m.group(3).strip();
            labels.add(new Label(parse(m.group(1)), parse(m.group(2)), DETAIL_TAGS.getOrDefault(tag, Use.OTHER), tag));
        }
        labels.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return labels;
    }

    private static long parse(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }
}
