package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.scan.Sharing;
import io.github.jvmpagemap.scan.SharingCost;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Whether {@code detail=auto} keeps reading the sharing of the process's mapped files and shared
 * memory outside the JVM's regions (shared libraries, {@code lib/modules}, other files): the reads
 * that make its cost as root, a fixed few milliseconds a scan whatever the heap (their page-cache
 * frames lie scattered, about a pread each). Measured, not guessed: the scans after the first
 * {@value #SETTLING_SCANS} (which run partly interpreted) time the kernel's reads for sharing and
 * all the work sharing takes; if over the next {@value #MEASURED_SCANS} the reads alone took, in
 * the median, more than {@value #ALLOWED_SHARE} of the rest of the scan (the scan without that
 * work: what {@code detail=basic} would cost), auto's target (1.25x basic) cannot be met while
 * reading them, and they are left unread from then on, said in one line.
 * The JVM's own regions (the CDS archive shared with other JVMs, ZGC's shared heap) and private
 * memory that a child or KSM may share are read all the same: those are what this tool is for.
 * Decided once.
 */
final class SharingBudget {
    static final int SETTLING_SCANS = 5;
    static final int MEASURED_SCANS = 9;
    /** The most the reads for sharing may cost beyond the rest of the scan: auto's target is 1.25x basic. */
    static final double ALLOWED_SHARE = 0.25;

    private final boolean weighs;
    private final SharingCost cost;
    private final Consumer<String> notes;
    private final long[] allReads = new long[MEASURED_SCANS];
    private final long[] mappedFileReads = new long[MEASURED_SCANS];
    /** The scan without the work only sharing needs. */
    private final long[] rest = new long[MEASURED_SCANS];
    private int scans;
    private boolean readsMappedFiles = true;
    /** While a scan is measured: the cost's counters when it began, and the reads for mapped files so far. */
    private boolean timing;
    private long readsAtStart;
    private long workAtStart;
    private long mappedFileReadsThisScan;
    private long mappedFileReadAt;

    /**
     * @param weighs whether to measure and decide (auto's frames, as root); else mapped files are always read
     * @param cost what the page table's reads for sharing cost; may be null if not {@code weighs}
     * @param notes where the decision to leave them unread is said, once; may be null if not {@code weighs}
     */
    SharingBudget(boolean weighs, SharingCost cost, Consumer<String> notes) {
        this.weighs = weighs && cost != null;
        this.cost = cost;
        this.notes = notes;
    }

    /** Whether this scan's reads for sharing are to be timed and handed to {@link #scanned}. */
    boolean measuring() {
        return weighs && readsMappedFiles && scans >= SETTLING_SCANS && scans < SETTLING_SCANS + MEASURED_SCANS;
    }

    /** A scan begins: timed if {@link #measuring}. */
    void scanStarts() {
        timing = measuring();
        if (timing) {
            cost.timing(true);
            readsAtStart = cost.readNanos();
            workAtStart = cost.workNanos();
            mappedFileReadsThisScan = 0;
        }
    }

    /**
     * Whether the walk of a mapped file or shared memory outside the JVM's regions about to begin
     * reads its sharing; while timing, {@link #mappedFileWalked} must follow it.
     */
    Sharing mappedFileSharing() {
        if (timing) {
            mappedFileReadAt = cost.readNanos();
            return Sharing.READ;
        }
        return readsMappedFiles ? Sharing.READ : Sharing.UNREAD;
    }

    /** The walk of the mapped file {@link #mappedFileSharing} was asked for is over. */
    void mappedFileWalked() {
        if (timing) {
            mappedFileReadsThisScan += cost.readNanos() - mappedFileReadAt;
        }
    }

    /** The scan begun with {@link #scanStarts} ended, {@code scanNanos} long. */
    void scanEnds(long scanNanos) {
        if (timing) {
            cost.timing(false);
            timing = false;
            scanned(scanNanos, cost.workNanos() - workAtStart, cost.readNanos() - readsAtStart,
                    mappedFileReadsThisScan);
        } else {
            scanned(scanNanos, 0, 0, 0);
        }
    }

    /** Whether the sharing of mapped files and shared memory outside the JVM's regions is read. */
    boolean readsMappedFiles() {
        return readsMappedFiles;
    }

    /**
     * A scan ended: {@code scanNanos} long, of which, if it was {@linkplain #measuring measured},
     * {@code sharingWorkNanos} in the work only sharing needs, {@code sharingReadNanos} of that in
     * the kernel's reads, and {@code mappedFileReadNanos} of those for mapped files and shared
     * memory outside the JVM's regions. The rest of the scan, the scan without that work, stands
     * for {@code detail=basic}'s.
     */
    private void scanned(long scanNanos, long sharingWorkNanos, long sharingReadNanos, long mappedFileReadNanos) {
        if (measuring()) {
            int i = scans - SETTLING_SCANS;
            allReads[i] = sharingReadNanos;
            mappedFileReads[i] = mappedFileReadNanos;
            rest[i] = Math.max(1, scanNanos - sharingWorkNanos);
        }
        scans++;
        if (weighs && readsMappedFiles && scans == SETTLING_SCANS + MEASURED_SCANS) {
            decide();
        }
    }

    /** Decides once, from the measured scans (the medians sort their arrays: they are not read again). */
    private void decide() {
        double[] shares = new double[MEASURED_SCANS];
        for (int i = 0; i < MEASURED_SCANS; i++) {
            shares[i] = (double) allReads[i] / rest[i];
        }
        double share = median(shares);
        long mappedFiles = median(mappedFileReads);
        if (share <= ALLOWED_SHARE || mappedFiles == 0) {
            return;
        }
        readsMappedFiles = false;
        notes.accept(String.format(Locale.ROOT, "detail=auto leaves the sharing of mapped files outside the JVM's"
                + " regions unread from now on (shared and proportional show n/a in their rows): the kernel's reads"
                + " for sharing took %.2f ms a scan (%.2f ms for those files) beside %.2f ms for the rest, %.2fx the"
                + " scan without them, where auto allows %.2fx; detail=full reads them, with every resident page's"
                + " flags", median(allReads) / 1e6, mappedFiles / 1e6, median(rest) / 1e6, 1 + share,
                1 + ALLOWED_SHARE));
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }

    private static long median(long[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }
}
