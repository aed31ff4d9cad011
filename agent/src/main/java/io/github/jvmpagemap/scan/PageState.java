package io.github.jvmpagemap.scan;

/** The state of a run of pages in a page map, as a snapshot's {@code state} field names it. */
public enum PageState {
    /** Present in memory, not known to be a huge page or the zero page. */
    RESIDENT("resident"),
    /** Present, mapped by a transparent or hugetlb huge page. */
    HUGE("huge"),
    /** Present, mapped to the shared zero page (read, never written). */
    ZERO("zero"),
    SWAPPED("swapped"),
    NOT_PRESENT("not present");

    private final String label;

    PageState(String label) {
        this.label = label;
    }

    /** The name users see. */
    public String label() {
        return label;
    }

    /** The page-map state of a {@link RunState} word. */
    public static PageState of(long state) {
        if (RunState.is(state, RunState.PRESENT)) {
            return RunState.is(state, RunState.ZERO) ? ZERO : RunState.is(state, RunState.HUGE) ? HUGE : RESIDENT;
        }
        return RunState.is(state, RunState.SWAPPED) ? SWAPPED : NOT_PRESENT;
    }
}
