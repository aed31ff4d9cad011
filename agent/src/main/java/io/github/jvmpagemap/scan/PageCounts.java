package io.github.jvmpagemap.scan;

/**
 * Page tallies for one region during one scan. Mutable and reused by the caller, so that a
 * scan allocates per region and never per page.
 */
public final class PageCounts {
    long examined;
    long present;
    long swapped;
    long exclusive;
    long extraViewPresent;
    long huge;
    long zero;
    long shared;
    /** Sum over present pages of 1 / map count: a fraction of pages, hence a double. */
    double proportional;
    long unreadable;
    long framesUnreadable;
    String firstError;

    public void clear() {
        examined = present = swapped = exclusive = extraViewPresent = huge = zero = shared = unreadable = framesUnreadable = 0;
        proportional = 0;
        firstError = null;
    }

    public void add(PageCounts other) {
        examined += other.examined;
        present += other.present;
        swapped += other.swapped;
        exclusive += other.exclusive;
        extraViewPresent += other.extraViewPresent;
        huge += other.huge;
        zero += other.zero;
        shared += other.shared;
        proportional += other.proportional;
        unreadable += other.unreadable;
        framesUnreadable += other.framesUnreadable;
        if (firstError == null) {
            firstError = other.firstError;
        }
    }

    /** Adds huge-page-backed bytes measured outside the page table (smaps, per mapping). */
    public void addHugeBytes(long bytes, long pageSize) {
        huge += bytes / pageSize;
    }

    void unreadable(long pages, String error) {
        unreadable += pages;
        if (firstError == null) {
            firstError = error;
        }
    }

    /** Virtual pages looked at (each page of a multi-mapped range once). */
    public long examined() {
        return examined;
    }

    /** Pages in physical memory, each counted once however many views map it. */
    public long present() {
        return present;
    }

    public long swapped() {
        return swapped;
    }

    /** Present pages mapped by this process only; counted by pagemap reads only (the ioctl does not say). */
    public long exclusive() {
        return exclusive;
    }

    /**
     * Present pages counted again because a further view maps them: what multi-mapping
     * (JDK 17's ZGC) adds to the kernel's VmRSS beyond the physical pages.
     */
    public long extraViewPresent() {
        return extraViewPresent;
    }

    /** Present pages backed by a huge page; meaningful only if the page table {@link PageTable#countsHugePages()}. */
    public long huge() {
        return huge;
    }

    /** Pages mapped to the shared zero page; meaningful only if the page table {@link PageTable#countsZeroPages()}. */
    public long zero() {
        return zero;
    }

    /**
     * Present pages mapped more than once (by other processes, or by this one's other views);
     * meaningful only if the page table {@link PageTable#countsSharing()}.
     */
    public long shared() {
        return shared;
    }

    /**
     * Present pages each divided by its map count (the kernel's PSS, in pages); meaningful only
     * if the page table {@link PageTable#countsSharing()}.
     */
    public double proportional() {
        return proportional;
    }

    /** Pages whose entries could not be read: the other figures are short by these. */
    public long unreadable() {
        return unreadable;
    }

    /**
     * Present pages whose frames (kpageflags, kpagecount) could not be read: huge, zero,
     * shared and proportional are short by these.
     */
    public long framesUnreadable() {
        return framesUnreadable;
    }

    /** The first read error met, or null. */
    public String firstError() {
        return firstError;
    }
}
