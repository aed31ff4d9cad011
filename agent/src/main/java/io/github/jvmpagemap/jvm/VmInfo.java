package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of {@code VM.info} that locate the CDS archive and, as a fallback, the heap; the
 * title of its heap-region table, which G1 and Shenandoah print ({@link G1HeapRegions},
 * {@link ShenandoahHeapRegions}).
 */
final class VmInfo {
    static final String HEAP_REGIONS = "\nHeap Regions:";
    // CDS archive(s) mapped at: [0x00007f3bb3000000-0x00007f3bb3bc7000-0x00007f3bb3bc7000), size 12349440, ...
    private static final Pattern CDS = Pattern.compile(
            "CDS archive\\(s\\) mapped at: \\[0x(\\p{XDigit}+)-0x\\p{XDigit}+-0x(\\p{XDigit}+)\\)");
    // Heap address: 0x00000000c0000000, size: 1024 MB, Compressed Oops mode: 32-bit
    private static final Pattern HEAP = Pattern.compile(
            "Heap address: 0x(\\p{XDigit}+), size: (\\d+) MB");

    // Card table byte_map: [0x00007ff8db200000,0x00007ff8db400000] _byte_map_base: 0x00007ff8dac00000
    // Marking Bits: (CMBitMap*) 0x00007f0bf406cf10
    //  Bits: [0x00007f0bf8c00000, 0x00007f0bf9c00000)        (G1; JDK 17: "Prev Bits:", "Next Bits:")
    //  Begin Bits: [0x00007f6fd4600000, 0x00007f6fd5600000)  (Parallel; JDK 17 also "End Bits:")
    private static final Pattern GC_TABLE = Pattern.compile(
            "(?m)^(?:Card table byte_map: \\[| *(?:Prev |Next |Begin |End )?Bits: +\\[)0x(\\p{XDigit}+), *0x(\\p{XDigit}+)[)\\]]");

    private VmInfo() {
    }

    /** The archive's mapped range, from its base to the end of its last region; empty without CDS. */
    public static Optional<AddressRange> cdsArchive(String vmInfo) {
        Matcher m = CDS.matcher(vmInfo);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new AddressRange(Long.parseUnsignedLong(m.group(1), 16),
                Long.parseUnsignedLong(m.group(2), 16)));
    }

    /**
     * The collector's side tables whose ranges the JVM prints: the card table and the marking
     * bitmaps (G1, Parallel; Serial has only a card table); none for Shenandoah and ZGC.
     */
    public static List<AddressRange> gcStructures(String vmInfo) {
        List<AddressRange> tables = new ArrayList<>();
        Matcher m = GC_TABLE.matcher(vmInfo);
        while (m.find()) {
            long start = Long.parseUnsignedLong(m.group(1), 16);
            long end = Long.parseUnsignedLong(m.group(2), 16);
            if (Long.compareUnsigned(start, end) < 0) {
                tables.add(new AddressRange(start, end));
            }
        }
        return tables;
    }

    /** The heap's reservation as printed when compressed oops are on; empty otherwise. */
    public static Optional<AddressRange> heap(String vmInfo) {
        Matcher m = HEAP.matcher(vmInfo);
        if (!m.find()) {
            return Optional.empty();
        }
        long start = Long.parseUnsignedLong(m.group(1), 16);
        return Optional.of(new AddressRange(start, start + Long.parseLong(m.group(2)) * (1L << 20)));
    }
}
