package io.github.jvmpagemap.residency;

/**
 * One region's or sub-region's figures from one scan, in bytes.
 *
 * @param region the top-level region name ({@code Java Heap}, ...)
 * @param subRegion the sub-region's name, or null for the region itself
 * @param start lowest reserved address
 * @param end highest reserved address (exclusive)
 * @param reservedBytes address space reserved
 * @param committedBytes part of the reservation that is mapped accessible
 * @param residentBytes committed pages in physical memory, each counted once
 * @param swappedBytes committed pages in swap
 * @param hugePageBytes resident bytes backed by huge pages; {@link #UNAVAILABLE} if not measured
 * @param zeroPageBytes bytes mapped to the shared zero page; {@link #UNAVAILABLE} if not measured
 * @param sharedBytes resident bytes mapped by more than one process; {@link #UNAVAILABLE} if not measured
 * @param proportionalBytes proportional set size (each page divided by its map count);
 *     {@link #UNAVAILABLE} if not measured
 * @param unreadableBytes pages whose state could not be read; the figures above are short by these
 */
public record RegionResidency(String region, String subRegion, long start, long end, long reservedBytes,
        long committedBytes, long residentBytes, long swappedBytes, long hugePageBytes, long zeroPageBytes,
        long sharedBytes, long proportionalBytes, long unreadableBytes) {

    /** A figure this process cannot measure: published as such, never as zero. */
    public static final long UNAVAILABLE = -1;

    /** Resident as a fraction of committed, 0 when nothing is committed. */
    public double residentFraction() {
        return committedBytes <= 0 ? 0 : (double) residentBytes / committedBytes;
    }

    public boolean isSubRegion() {
        return subRegion != null;
    }

    /** The sub-region's name, or the region's for a top-level row. */
    public String displayName() {
        return subRegion == null ? region : subRegion;
    }
}
