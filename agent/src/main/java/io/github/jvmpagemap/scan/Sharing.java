package io.github.jvmpagemap.scan;

/** What a walk may spend to tell which pages of a range are mapped more than once. */
public enum Sharing {
    /** Read what tells it: pagemap entries and, where the table reads them, page frames. */
    READ,
    /**
     * No page of the range can be mapped more than once (private anonymous memory of a process
     * with no child and no KSM): every present page counts as mapped once, with no read.
     */
    IMPOSSIBLE,
    /**
     * The pages may be shared, but what tells it is not read: present runs carry
     * {@link RunState#MAP_COUNT_UNREAD}, and {@link RunState#SHARING_UNREAD} where the page table
     * has no other way to tell shared pages.
     */
    UNREAD
}
