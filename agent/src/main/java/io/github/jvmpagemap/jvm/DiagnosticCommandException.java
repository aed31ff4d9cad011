package io.github.jvmpagemap.jvm;

/** A diagnostic command could not be run. */
public final class DiagnosticCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DiagnosticCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
