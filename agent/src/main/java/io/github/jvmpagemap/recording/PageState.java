package io.github.jvmpagemap.recording;

/** The state of a run of pages in a snapshot, as its {@code state} field names it. */
enum PageState {
    RESIDENT("resident"),
    SWAPPED("swapped"),
    NOT_PRESENT("not present");

    final String label;

    PageState(String label) {
        this.label = label;
    }
}
