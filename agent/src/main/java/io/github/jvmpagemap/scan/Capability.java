package io.github.jvmpagemap.scan;

/** What a page table can tell beyond present and swapped pages: see {@link PageTable#measures}. */
public enum Capability {
    /** Present pages on huge pages ({@link RunState#HUGE}). */
    HUGE_PAGES,
    /** Pages mapped to the shared zero page ({@link RunState#ZERO}). */
    ZERO_PAGES,
    /** Each present page's map count ({@link RunState#mapCount}): shared and proportional figures. */
    SHARING
}
