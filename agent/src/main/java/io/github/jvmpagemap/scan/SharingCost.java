package io.github.jvmpagemap.scan;

/**
 * What telling shared pages costs a page table that reads page frames for it (kpageflags,
 * kpagecount, and the pagemap entries read only for their frames): measured while asked, for
 * {@code detail=auto} to weigh before it keeps paying ({@code SharingBudget}). Timing costs two
 * clock reads per read, so it runs only while on.
 */
public interface SharingCost {

    /** Starts or stops timing; off at first. */
    void timing(boolean on);

    /** Nanoseconds spent, while timed, in the kernel's reads that only telling sharing needs; ever growing. */
    long readNanos();

    /**
     * Nanoseconds spent, while timed, in all the work only telling sharing needs: those reads and
     * the handling of what they return (at least {@link #readNanos}); ever growing.
     */
    long workNanos();
}
