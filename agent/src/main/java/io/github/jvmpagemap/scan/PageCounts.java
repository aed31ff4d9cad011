package io.github.jvmpagemap.scan;

/**
 * A tally of the runs of a walk, in pages: the measurement behind every page figure. Mutable and
 * reused, so that a scan allocates per row and never per page or run.
 */
public final class PageCounts implements PageSink {
    private final long pageSize;
    private long examined;
    private long present;
    private long swapped;
    private long extraViewPresent;
    private long huge;
    /** Present pages the frames mark as on a large folio, not flagged {@link RunState#HUGE} by the page table. */
    private long folio;
    /** Of {@link #huge}, pages smaps counts as PMD-mapped THP: the frames mark them as large folios too. */
    private long pmdMappedOutside;
    private long zero;
    private long shared;
    /** Sum over present pages of 1 / map count: a fraction of pages, hence a double. */
    private double proportional;
    private long unreadable;
    private long framesUnreadable;
    /** Present pages whose sharing, or only whose map count, was not read ({@link Sharing#UNREAD}). */
    private long sharingUnread;
    private long mapCountUnread;
    private String firstError;

    public PageCounts(long pageSize) {
        this.pageSize = pageSize;
    }

    public void clear() {
        examined = present = swapped = extraViewPresent = huge = folio = pmdMappedOutside = zero = shared = unreadable
                = framesUnreadable = sharingUnread = mapCountUnread = 0;
        proportional = 0;
        firstError = null;
    }

    @Override
    public void run(long from, long to, long state) {
        long pages = (to - from) / pageSize;
        if (RunState.is(state, RunState.UNREADABLE)) {
            unreadable += pages;
            return;
        }
        examined += pages;
        if (!RunState.is(state, RunState.PRESENT)) {
            if (RunState.is(state, RunState.SWAPPED)) {
                swapped += pages;
            }
            return;
        }
        present += pages;
        extraViewPresent += pages * RunState.extraViews(state);
        if (RunState.is(state, RunState.FRAMES_UNREADABLE)) {
            framesUnreadable += pages;
        }
        if (RunState.is(state, RunState.SHARING_UNREAD)) {
            sharingUnread += pages;
        }
        if (RunState.is(state, RunState.MAP_COUNT_UNREAD)) {
            mapCountUnread += pages;
        }
        if (RunState.is(state, RunState.ZERO)) {
            // Like the kernel's own Rss and Pss, the zero page is nobody's memory.
            zero += pages;
            return;
        }
        if (RunState.is(state, RunState.HUGE)) {
            huge += pages;
        } else if (RunState.is(state, RunState.LARGE_FOLIO)) {
            folio += pages;
        }
        if (RunState.is(state, RunState.SHARED)) {
            shared += pages;
        }
        long mapCount = RunState.mapCount(state);
        if (mapCount > 0) {
            proportional += (double) pages / mapCount;
        }
    }

    @Override
    public void error(String message) {
        if (firstError == null) {
            firstError = message;
        }
    }

    public void add(PageCounts other) {
        examined += other.examined;
        present += other.present;
        swapped += other.swapped;
        extraViewPresent += other.extraViewPresent;
        huge += other.huge;
        folio += other.folio;
        pmdMappedOutside += other.pmdMappedOutside;
        zero += other.zero;
        shared += other.shared;
        proportional += other.proportional;
        unreadable += other.unreadable;
        framesUnreadable += other.framesUnreadable;
        sharingUnread += other.sharingUnread;
        mapCountUnread += other.mapCountUnread;
        if (firstError == null) {
            firstError = other.firstError;
        }
    }

    /**
     * Adds huge-page-backed bytes measured outside the page table (smaps, per mapping), of which
     * {@code pmdMappedBytes} on PMD-mapped transparent huge pages (the rest is hugetlb). Those
     * pages are on large folios too, as the frames say, but mapped by a PMD: they are taken off
     * {@link #largeFolio}.
     */
    public void addHugeBytes(long bytes, long pmdMappedBytes) {
        huge += bytes / pageSize;
        pmdMappedOutside += pmdMappedBytes / pageSize;
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

    /**
     * Present pages counted again because a further view maps them: what multi-mapping
     * (JDK 17's ZGC) adds to the kernel's VmRSS beyond the physical pages.
     */
    public long extraViewPresent() {
        return extraViewPresent;
    }

    /** Present pages backed by a huge page; meaningful only where {@link Capability#HUGE_PAGES} is measured. */
    public long huge() {
        return huge;
    }

    /**
     * Present pages on large folios mapped page by page (PTE-mapped): those the frames mark as on
     * a large folio, less the PMD-mapped ones the page table or smaps tells; meaningful only where
     * {@link Capability#LARGE_FOLIOS} is measured. Where smaps tells, its per-mapping figure is
     * taken off, so the count is exact for whole mappings and apportioned for parts of one (never
     * below 0).
     */
    public long largeFolio() {
        return Math.max(0, folio - pmdMappedOutside);
    }

    /** Pages mapped to the shared zero page; meaningful only where {@link Capability#ZERO_PAGES} is measured. */
    public long zero() {
        return zero;
    }

    /** Present pages mapped more than once; meaningful only where {@link Capability#SHARING} is measured. */
    public long shared() {
        return shared;
    }

    /** Present pages each divided by its map count (PSS, in pages); meaningful where {@link Capability#MAP_COUNTS} are measured. */
    public double proportional() {
        return proportional;
    }

    /** Pages whose entries could not be read: the other figures are short by these. */
    public long unreadable() {
        return unreadable;
    }

    /** Present pages whose frames could not be read: huge, zero, shared, proportional and large folios are short by these. */
    public long framesUnreadable() {
        return framesUnreadable;
    }

    /** Present pages whose sharing was not read ({@link Sharing#UNREAD}): shared is not known where there are any. */
    public long sharingUnread() {
        return sharingUnread;
    }

    /** Present pages whose map count was not read ({@link Sharing#UNREAD}): proportional is not known where there are any. */
    public long mapCountUnread() {
        return mapCountUnread;
    }

    /** The first read error met, or null. */
    public String firstError() {
        return firstError;
    }
}
