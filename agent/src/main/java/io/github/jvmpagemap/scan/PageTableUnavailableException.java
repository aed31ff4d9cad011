package io.github.jvmpagemap.scan;

/** The page-table method asked for cannot work in this process; the message says why. */
public final class PageTableUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public PageTableUnavailableException(String message) {
        super(message);
    }
}
