package io.github.jvmpagemap.samples.it.kernel;

/** A half-open range of virtual addresses [start, end). */
public record Range(long start, long end) {

    public long size() {
        return end - start;
    }

    public Range shifted(long offset) {
        return new Range(start + offset, end + offset);
    }

    public boolean overlaps(long from, long to) {
        return from < end && start < to;
    }

    public boolean contains(long from, long to) {
        return start <= from && to <= end;
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x)", start, end);
    }
}
