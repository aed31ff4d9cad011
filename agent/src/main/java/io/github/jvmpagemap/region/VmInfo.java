package io.github.jvmpagemap.region;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of {@code VM.info} that locate the CDS archive and, as a fallback, the heap; the
 * title of its heap-region table, which G1 and Shenandoah print ({@link G1HeapRegions},
 * {@link ShenandoahHeapRegions}).
 */
public final class VmInfo {
    static final String HEAP_REGIONS = "\nHeap Regions:";
    // CDS archive(s) mapped at: [0x00007f3bb3000000-0x00007f3bb3bc7000-0x00007f3bb3bc7000), size 12349440, ...
    private static final Pattern CDS = Pattern.compile(
            "CDS archive\\(s\\) mapped at: \\[0x(\\p{XDigit}+)-0x\\p{XDigit}+-0x(\\p{XDigit}+)\\)");
    // Heap address: 0x00000000c0000000, size: 1024 MB, Compressed Oops mode: 32-bit
    private static final Pattern HEAP = Pattern.compile(
            "Heap address: 0x(\\p{XDigit}+), size: (\\d+) MB");

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
