package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metaspace's virtual-space nodes from {@code VM.metaspace vslist}: every node of the
 * non-class list (the {@code Metaspace} region) and the class-space node (the
 * {@code Compressed Class Space} region).
 */
record MetaspaceNodes(List<AddressRange> nonClass, List<AddressRange> classSpace) {
    // - node #0: base 0x00007f3baf000000: reserved=65536.00 KB, committed=192.00 KB ( <1%), ...
    private static final Pattern NODE = Pattern.compile(
            "node #\\d+: base 0x(\\p{XDigit}+): reserved=\\s*([\\d.]+)\\s*([A-Za-z]+)");

    public static MetaspaceNodes parse(String vslist) {
        List<AddressRange> nonClass = new ArrayList<>();
        List<AddressRange> classSpace = new ArrayList<>();
        List<AddressRange> current = null;
        for (String line : vslist.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("vsl non-class-space")) {
                current = nonClass;
            } else if (trimmed.startsWith("vsl class-space")) {
                current = classSpace;
            } else if (current != null) {
                Matcher m = NODE.matcher(trimmed);
                if (m.find()) {
                    long base = Long.parseUnsignedLong(m.group(1), 16);
                    current.add(new AddressRange(base, base + Addresses.size(m.group(2), m.group(3))));
                }
            }
        }
        return new MetaspaceNodes(List.copyOf(nonClass), List.copyOf(classSpace));
    }

    public long nonClassReserved() {
        long size = 0;
        for (int i = 0; i < nonClass.size(); i++) {
            size += nonClass.get(i).size();
        }
        return size;
    }
}
