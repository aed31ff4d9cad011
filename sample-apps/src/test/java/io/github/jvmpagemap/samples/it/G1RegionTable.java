package io.github.jvmpagemap.samples.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * G1's heap regions by type, the tests' own reading of the {@code Heap Regions:} table that
 * {@code jcmd <pid> VM.info} prints (one line per committed region:
 * {@code |  12|0x...bottom, 0x...top, 0x...end|100%| O|...}), grouped as INTERFACE.md names the
 * sub-regions: eden, survivor, old (with JDK 17's archive regions), humongous (starts and
 * continues), free. A type it does not know is an error.
 */
final class G1RegionTable {
    static final String EDEN = "G1 Eden Space";
    static final List<String> NAMES = List.of(EDEN, "G1 Survivor Space", "G1 Old Gen", "G1 Humongous",
            "G1 Free");
    private static final Pattern LINE = Pattern.compile(
            "^\\|\\s*\\d+\\|0x(\\p{XDigit}+), 0x\\p{XDigit}+, 0x(\\p{XDigit}+)\\|\\s*\\d+%\\|\\s*([A-Z]+)\\|");

    private G1RegionTable() {
    }

    /** The five sub-regions, each with the address ranges of its regions (adjacent ones joined). */
    static List<Region> types(String vmInfo) {
        Map<String, List<Range>> byName = new LinkedHashMap<>();
        for (String name : NAMES) {
            byName.put(name, new ArrayList<>());
        }
        List<String> lines = vmInfo.lines().toList();
        int table = lines.indexOf(lines.stream().filter(l -> l.startsWith("Heap Regions:")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no 'Heap Regions:' table in VM.info")));
        int regions = 0;
        for (String line : lines.subList(table + 1, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                throw new IllegalStateException("region line not understood: " + line);
            }
            List<Range> ranges = byName.get(name(m.group(3)));
            Range region = new Range(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16));
            Range last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last.end() == region.start()) {
                ranges.set(ranges.size() - 1, new Range(last.start(), region.end()));
            } else {
                ranges.add(region);
            }
            regions++;
        }
        if (regions == 0) {
            throw new IllegalStateException("an empty region table");
        }
        return byName.entrySet().stream().map(e -> new Region(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    private static String name(String type) {
        return switch (type) {
            case "E" -> EDEN;
            case "S" -> "G1 Survivor Space";
            case "O", "OA", "CA" -> "G1 Old Gen";
            case "HS", "HC" -> "G1 Humongous";
            case "F" -> "G1 Free";
            default -> throw new IllegalStateException("G1 region type " + type + " unknown to the tests");
        };
    }
}
