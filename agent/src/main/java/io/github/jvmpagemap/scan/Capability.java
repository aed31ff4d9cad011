package io.github.jvmpagemap.scan;

/** What a page table can tell beyond present and swapped pages: see {@link PageTable#measures}. */
public enum Capability {
    /** Present pages on huge pages ({@link RunState#HUGE}). */
    HUGE_PAGES,
    /** Pages mapped to the shared zero page ({@link RunState#ZERO}). */
    ZERO_PAGES,
    /** Whether each present page is mapped more than once ({@link RunState#SHARED}): the shared figure. */
    SHARING,
    /** Each present page's map count ({@link RunState#mapCount}): the proportional figure. */
    MAP_COUNTS,
    /**
     * Whether each present page is on a large folio mapped page by page ({@link RunState#LARGE_FOLIO}):
     * the largeFolio figure. Needs the frame of every present page, so only an explicit
     * {@code detail=full} measures it.
     */
    LARGE_FOLIOS,
    /**
     * Which present pages were written during a write window ({@link WrittenPages}): the written and
     * untracked figures. No page table measures it by itself; a scan has it when a window ran.
     */
    WRITTEN_PAGES
}
