package io.github.jvmpagemap.samples;

/**
 * A command-line argument or option that cannot be used. {@link Samples} reports its message in
 * one line on stderr and exits with status 2, without a stack trace.
 */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
