package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Huge-page-backed bytes per mapping from {@code /proc/<pid>/smaps}: the only unprivileged
 * source when the page tables are read through pagemap, whose entries do not say. The kernel
 * gives one figure per mapping, so a part of a mapping gets the mapping's figure in proportion
 * to its size. Counted: {@code AnonHugePages}, {@code ShmemPmdMapped} (ZGC's memfd heap),
 * {@code FilePmdMapped}, {@code Shared_Hugetlb} and {@code Private_Hugetlb}; the first three,
 * PMD-mapped transparent huge pages, are also kept apart ({@link #pmdMappedBytes}). Arrays are reused
 * from one read to the next. Reading smaps makes the kernel walk every page table of the
 * process, which is why the other sources are preferred.
 */
public final class SmapsHugePages {
    private static final byte[][] HUGE_FIELDS = {
        ProcText.ascii("AnonHugePages:"), ProcText.ascii("ShmemPmdMapped:"), ProcText.ascii("FilePmdMapped:"),
        ProcText.ascii("Shared_Hugetlb:"), ProcText.ascii("Private_Hugetlb:"),
    };
    /** The first fields of {@link #HUGE_FIELDS}: transparent huge pages mapped by a PMD, not hugetlb. */
    private static final int PMD_MAPPED_FIELDS = 3;

    private int count;
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private long[] hugeBytes = new long[1024];
    private long[] pmdMappedBytes = new long[1024];
    private final ProcText text = new ProcText(1024 * 1024);
    private final ProcText.LineParser lineParser = this::parseLine;

    /**
     * Reads the file again, replacing the previous contents.
     *
     * @throws IOException if it cannot be read, or lists no mapping (an empty or short read)
     */
    public void read(Path smaps) throws IOException {
        count = 0;
        text.read(smaps, lineParser);
        if (count == 0) {
            throw IoFailure.shortRead(smaps.toString(), "huge pages cannot be told");
        }
    }

    /** Parses smaps text, as read from the file. */
    public static SmapsHugePages parse(String smapsText) {
        SmapsHugePages smaps = new SmapsHugePages();
        byte[] bytes = ProcText.ascii(smapsText);
        ProcText.lines(bytes, bytes.length, smaps::parseLine);
        return smaps;
    }

    private void parseLine(byte[] in, int pos, int end) {
        if (ProcText.hexDigit(in[pos]) >= 0) {
            // A mapping's first line: "start-end perms ..."; field lines start with a capital.
            grow();
            int p = pos;
            long start = 0;
            for (int d; p < end && (d = ProcText.hexDigit(in[p])) >= 0; p++) {
                start = (start << 4) | d;
            }
            p++;
            long stop = 0;
            for (int d; p < end && (d = ProcText.hexDigit(in[p])) >= 0; p++) {
                stop = (stop << 4) | d;
            }
            starts[count] = start;
            ends[count] = stop;
            hugeBytes[count] = 0;
            pmdMappedBytes[count] = 0;
            count++;
            return;
        }
        if (count == 0) {
            return;
        }
        for (int f = 0; f < HUGE_FIELDS.length; f++) {
            byte[] field = HUGE_FIELDS[f];
            if (ProcText.startsWith(in, pos, end, field)) {
                long kib = 0;
                for (int p = pos + field.length; p < end; p++) {
                    if (in[p] >= '0' && in[p] <= '9') {
                        kib = kib * 10 + (in[p] - '0');
                    } else if (kib > 0 || in[p] != ' ') {
                        break;
                    }
                }
                hugeBytes[count - 1] += kib * 1024;
                if (f < PMD_MAPPED_FIELDS) {
                    pmdMappedBytes[count - 1] += kib * 1024;
                }
                return;
            }
        }
    }

    /**
     * Huge-page-backed bytes in [start, end): each mapping overlapping it contributes its figure
     * in proportion to the overlap.
     */
    public long hugeBytes(long start, long end) {
        return apportioned(hugeBytes, start, end);
    }

    /**
     * Of {@link #hugeBytes}, the bytes on PMD-mapped transparent huge pages ({@code AnonHugePages},
     * {@code ShmemPmdMapped}, {@code FilePmdMapped}), apportioned the same way: pages kpageflags
     * marks as large folios although they are mapped by a PMD.
     */
    public long pmdMappedBytes(long start, long end) {
        return apportioned(pmdMappedBytes, start, end);
    }

    /** {@code perMapping} over [start, end): each mapping overlapping it in proportion to the overlap. */
    private long apportioned(long[] perMapping, long start, long end) {
        long total = 0;
        for (int i = ProcText.firstEndingAfter(ends, count, start);
                i < count && Long.compareUnsigned(starts[i], end) < 0; i++) {
            if (perMapping[i] == 0) {
                continue;
            }
            long overlap = Math.min(end, ends[i]) - Math.max(start, starts[i]);
            long size = ends[i] - starts[i];
            total += overlap == size ? perMapping[i] : (long) ((double) perMapping[i] * overlap / size);
        }
        return total;
    }

    private void grow() {
        if (count == starts.length) {
            int size = count * 2;
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            hugeBytes = Arrays.copyOf(hugeBytes, size);
            pmdMappedBytes = Arrays.copyOf(pmdMappedBytes, size);
        }
    }
}
