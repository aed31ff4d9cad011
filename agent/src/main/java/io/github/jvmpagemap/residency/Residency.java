package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.scan.Detail;
import java.time.Instant;
import java.util.List;

/**
 * The result of one scan: every row and sub-row, and the process-wide figures, which the
 * publishers (the table, JSON, the page, JFR, the MBeans) each show in their own way.
 *
 * @param time when the scan started
 * @param durationNanos how long it took, including reading the maps
 * @param method how pages were read ({@code pagemap} or {@code scan})
 * @param detail {@link Detail#BASIC}, or {@link Detail#FULL} with kpageflags and kpagecount
 * @param collector the garbage collector recognised
 * @param regions each top-level row followed by its sub-rows
 * @param processResidentBytes the kernel's VmRSS, or -1 if it could not be read
 * @param hugetlbBytes the hugetlb pages the process maps ({@code HugetlbPages}): resident in the rows
 *     that hold them, but not in VmRSS; 0 where it could not be read
 * @param extraViewBytes resident memory the kernel counts again because a further view maps it
 *     (JDK 17's ZGC); part of VmRSS, but not of any row's resident figure
 * @param pagesExamined virtual pages whose entries were read
 * @param problems what could not be discovered or read, one line each
 * @param discoveries how many times the JVM has been asked for its layout since the agent started
 * @param stackGroups the {@link ThreadStackGroup#LARGEST largest} thread-stack groups, largest first
 * @param writeWindowNanos how long the write window behind the written figures lasted; -1 for a
 *     scan without one
 * @param processPeakResidentBytes the kernel's VmHWM, the highest VmRSS the process has had (since
 *     the peaks were last reset), or -1 if it could not be read
 * @param effectiveIntervalNanos the background scans' period when this scan was published: the
 *     interval asked for, or longer where the agent's CPU cap stretched it; -1 where no agent
 *     schedules scans (a snapshot file, a scan made by hand)
 */
public record Residency(Instant time, long durationNanos, String method, Detail detail, String collector,
        List<RegionResidency> regions, long processResidentBytes, long hugetlbBytes, long extraViewBytes,
        long pagesExamined, List<String> problems, int discoveries, List<ThreadStackGroup> stackGroups,
        long writeWindowNanos, long processPeakResidentBytes, long effectiveIntervalNanos) {

    /** A scan without a process peak nor an effective interval. */
    public Residency(Instant time, long durationNanos, String method, Detail detail, String collector,
            List<RegionResidency> regions, long processResidentBytes, long hugetlbBytes, long extraViewBytes,
            long pagesExamined, List<String> problems, int discoveries, List<ThreadStackGroup> stackGroups,
            long writeWindowNanos) {
        this(time, durationNanos, method, detail, collector, regions, processResidentBytes, hugetlbBytes,
                extraViewBytes, pagesExamined, problems, discoveries, stackGroups, writeWindowNanos, -1, -1);
    }

    /** This scan as published by an agent whose background scans run every {@code nanos}. */
    public Residency withEffectiveInterval(long nanos) {
        return new Residency(time, durationNanos, method, detail, collector, regions, processResidentBytes,
                hugetlbBytes, extraViewBytes, pagesExamined, problems, discoveries, stackGroups, writeWindowNanos,
                processPeakResidentBytes, nanos);
    }

    /** A scan without a write window. */
    public Residency(Instant time, long durationNanos, String method, Detail detail, String collector,
            List<RegionResidency> regions, long processResidentBytes, long hugetlbBytes, long extraViewBytes,
            long pagesExamined, List<String> problems, int discoveries, List<ThreadStackGroup> stackGroups) {
        this(time, durationNanos, method, detail, collector, regions, processResidentBytes, hugetlbBytes,
                extraViewBytes, pagesExamined, problems, discoveries, stackGroups, -1);
    }

    /** True if a write window ran before this scan: its rows have the written and untracked figures. */
    public boolean hasWriteWindow() {
        return writeWindowNanos >= 0;
    }

    /** A scan without hugetlb pages nor thread-stack groups. */
    public Residency(Instant time, long durationNanos, String method, Detail detail, String collector,
            List<RegionResidency> regions, long processResidentBytes, long extraViewBytes, long pagesExamined,
            List<String> problems, int discoveries) {
        this(time, durationNanos, method, detail, collector, regions, processResidentBytes, 0, extraViewBytes,
                pagesExamined, problems, discoveries, List.of());
    }

    /** Resident bytes attributed to a top-level row. */
    public long attributedBytes() {
        return regions.stream().filter(r -> !r.isSubRegion()).mapToLong(r -> r.get(Figure.RESIDENT)).sum();
    }

    /**
     * Resident bytes of the top-level rows on the shared zero page, where measured: each row counts
     * them as resident (mapped, read as zeros), but the kernel's VmRSS leaves them out, as the zero
     * page is nobody's memory.
     */
    public long zeroPageBytes() {
        return regions.stream().filter(r -> !r.isSubRegion()).mapToLong(r -> Math.max(0, r.get(Figure.ZERO_PAGE)))
                .sum();
    }

    /**
     * VmRSS not explained by any row nor by extra views: what the rows hold as the kernel counts it
     * (less the zero page and the hugetlb pages, which VmRSS leaves out) taken from VmRSS; -1 if
     * VmRSS is unknown.
     */
    public long unattributedBytes() {
        return processResidentBytes < 0 ? -1
                : processResidentBytes + hugetlbBytes - attributedBytes() + zeroPageBytes() - extraViewBytes;
    }
}
