package io.github.jvmpagemap.samples.it;

/** A half-open range of virtual addresses [start, end). */
record Range(long start, long end) {

    long size() {
        return end - start;
    }

    Range shifted(long offset) {
        return new Range(start + offset, end + offset);
    }

    boolean overlaps(long from, long to) {
        return from < end && start < to;
    }

    boolean contains(long from, long to) {
        return start <= from && to <= end;
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x)", start, end);
    }
}
