package io.github.jvmpagemap.scan;

import java.io.Closeable;

/**
 * The process's page tables, however they are read. Not thread-safe: one scanner thread owns it.
 */
public interface PageTable extends Closeable {

    /** How pages are read, for the record: {@code pagemap} or {@code scan}. */
    String method();

    /** {@link Detail#FULL} when page frames are examined (kpageflags, kpagecount), otherwise {@link Detail#BASIC}. */
    default Detail detail() {
        return Detail.BASIC;
    }

    /** True if the runs this table hands out tell what {@code capability} names. */
    default boolean measures(Capability capability) {
        return false;
    }

    /**
     * Hands every page of [start, end) to {@code sink}, once, in address order. When
     * {@code views} is not empty the same memory is also mapped at {@code start + views[i]}: a
     * page is then present if any view has it present. Read failures reach the sink as
     * {@link RunState#UNREADABLE} runs with their reason, never as absent pages, and are never thrown.
     */
    default void walk(long start, long end, long[] views, PageSink sink) {
        walk(start, end, views, Sharing.READ, sink);
    }

    /**
     * As {@link #walk(long, long, long[], PageSink)}, spending on sharing what {@code sharing}
     * says: a table that reads more to tell sharing ({@link #readsMoreForSharing}) may count
     * each present page as mapped once ({@link Sharing#IMPOSSIBLE}) or leave it unread
     * ({@link Sharing#UNREAD}) instead. A table that must read every frame anyway (large folios)
     * reads them all the same.
     */
    void walk(long start, long end, long[] views, Sharing sharing, PageSink sink);

    /** True if telling sharing costs this table more reads, which {@link Sharing} other than READ spares. */
    default boolean readsMoreForSharing() {
        return false;
    }

    /** What telling shared pages costs this table, measured on request; null if it reads nothing more for it. */
    default SharingCost sharingCost() {
        return null;
    }

    /**
     * Called when a scan ends: lets go of any privileged descriptor that could not be opened
     * close-on-exec, so that no child process started between scans inherits it.
     */
    default void release() {
    }

    @Override
    void close();
}
