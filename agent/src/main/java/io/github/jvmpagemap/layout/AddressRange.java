package io.github.jvmpagemap.layout;

/** A half-open virtual address range [start, end). */
public record AddressRange(long start, long end) {

    public AddressRange {
        if (Long.compareUnsigned(end, start) < 0) {
            throw new IllegalArgumentException("range ends before it starts: " + this);
        }
    }

    public long size() {
        return end - start;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** Widened outwards to whole pages. */
    public AddressRange pageAligned(long pageSize) {
        return new AddressRange(start - Long.remainderUnsigned(start, pageSize),
                (end + pageSize - 1) / pageSize * pageSize);
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x)", start, end);
    }
}
