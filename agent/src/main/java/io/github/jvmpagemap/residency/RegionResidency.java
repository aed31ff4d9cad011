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
 * @param unreadableBytes pages whose state could not be read; the figures above are short by these
 */
public record RegionResidency(String region, String subRegion, long start, long end, long reservedBytes,
        long committedBytes, long residentBytes, long swappedBytes, long unreadableBytes) {

    public boolean isSubRegion() {
        return subRegion != null;
    }

    /** The sub-region's name, or the region's for a top-level row. */
    public String displayName() {
        return subRegion == null ? region : subRegion;
    }
}
