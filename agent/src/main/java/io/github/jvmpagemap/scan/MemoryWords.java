package io.github.jvmpagemap.scan;

/** Reads words of the process's memory where that is safe, or says it could not. */
@FunctionalInterface
public interface MemoryWords {

    /**
     * Reads {@code count} native-order words from {@code address} into {@code into}.
     *
     * @return false if they could not be read: not resident, unmapped, or not readable
     */
    boolean read(long address, long[] into, int count);
}
