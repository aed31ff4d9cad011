package io.github.jvmpagemap.scan;

/** Written pages cannot be tracked in this process; the message says why, as one clause. */
public final class WriteTrackingUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public WriteTrackingUnavailableException(String message) {
        super(message);
    }
}
