package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The process's resident memory as the kernel counts it, from one read of
 * {@code /proc/<pid>/status} into a reused buffer: {@code VmRSS}, its peak {@code VmHWM}, and
 * {@code HugetlbPages}, the explicit huge pages the process maps, which VmRSS leaves out. Not
 * thread-safe: one scanner thread owns it.
 */
public final class ResidentSet {
    private static final byte[] VM_RSS = "VmRSS:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VM_HWM = "VmHWM:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HUGETLB = "HugetlbPages:".getBytes(StandardCharsets.US_ASCII);

    /**
     * The figures in bytes, each -1 where it could not be read.
     *
     * @param vmRss pages in RAM (anonymous, file and shared memory pages), hugetlb pages not among them
     * @param vmHwm the highest VmRSS the process has had
     * @param hugetlb bytes of hugetlb pages the process maps
     */
    public record Figures(long vmRss, long vmHwm, long hugetlb) {
        public static final Figures UNKNOWN = new Figures(-1, -1, -1);
    }

    private final Path status;
    private final ProcText text = new ProcText(8192);
    private Figures last;

    public ResidentSet(Path status) {
        this.status = status;
    }

    /** What {@code clear_refs} takes to reset VmHWM to the current VmRSS (fs/proc/task_mmu.c, CLEAR_REFS_MM_HIWATER_RSS). */
    private static final byte[] RESET_PEAK = {'5'};

    /**
     * Resets the process's peak (VmHWM) to its resident set now, by writing to {@code clearRefs},
     * the process's {@code clear_refs}; nothing else of the process's memory state is changed.
     *
     * @throws IOException naming the file and the reason if it cannot be written
     */
    public static void resetPeak(Path clearRefs) throws IOException {
        try (FileChannel out = FileChannel.open(clearRefs, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(RESET_PEAK));
        } catch (IOException e) {
            throw new IOException("cannot reset VmHWM through " + clearRefs + " (" + IoFailure.reason(e) + ")", e);
        }
    }

    /** The figures now; {@link Figures#UNKNOWN} if the file cannot be read. */
    public Figures read() {
        int length;
        try {
            length = text.read(status);
        } catch (IOException | RuntimeException e) {
            return Figures.UNKNOWN;
        }
        byte[] in = text.bytes();
        long vmRss = kilobytes(in, length, VM_RSS);
        long vmHwm = kilobytes(in, length, VM_HWM);
        long hugetlb = kilobytes(in, length, HUGETLB);
        // The latest figures again while they are the same: an idle process's scans make none.
        if (last == null || last.vmRss() != vmRss || last.vmHwm() != vmHwm || last.hugetlb() != hugetlb) {
            last = new Figures(vmRss, vmHwm, hugetlb);
        }
        return last;
    }

    /** The figures in a status file's text, {@code in[0, length)}. */
    static Figures parse(byte[] in, int length) {
        return new Figures(kilobytes(in, length, VM_RSS), kilobytes(in, length, VM_HWM), kilobytes(in, length, HUGETLB));
    }

    /** The value of the line starting with {@code key} ("VmRSS:   1234 kB"), in bytes; -1 if there is none. */
    private static long kilobytes(byte[] in, int length, byte[] key) {
        for (int line = 0; line < length; ) {
            int end = line;
            while (end < length && in[end] != '\n') {
                end++;
            }
            if (ProcText.startsWith(in, line, end, key)) {
                int p = line + key.length;
                while (p < end && (in[p] == ' ' || in[p] == '\t')) {
                    p++;
                }
                long value = 0;
                int digits = 0;
                for (; p < end && in[p] >= '0' && in[p] <= '9'; p++, digits++) {
                    value = value * 10 + (in[p] - '0');
                }
                return digits == 0 ? -1 : value * 1024;
            }
            line = end + 1;
        }
        return -1;
    }
}
