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
    long unreadable;
    String firstError;

    public void clear() {
        examined = present = swapped = exclusive = extraViewPresent = unreadable = 0;
        firstError = null;
    }

    public void add(PageCounts other) {
        examined += other.examined;
        present += other.present;
        swapped += other.swapped;
        exclusive += other.exclusive;
        extraViewPresent += other.extraViewPresent;
        unreadable += other.unreadable;
        if (firstError == null) {
            firstError = other.firstError;
        }
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

    /** Present pages mapped by this process only. */
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

    /** Pages whose entries could not be read: the other figures are short by these. */
    public long unreadable() {
        return unreadable;
    }

    /** The first read error met, or null. */
    public String firstError() {
        return firstError;
    }
}
