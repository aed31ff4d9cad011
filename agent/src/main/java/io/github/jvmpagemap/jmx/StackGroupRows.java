package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.ThreadStackGroup;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/** A thread-stack group as open data: one row of the {@code ThreadStackGroups} attribute. */
public final class StackGroupRows {
    private static final String[] NAMES = {"group", "threads", "residentBytes", "swappedBytes"};

    /** The type of one row. */
    public static final CompositeType TYPE = compositeType();

    private StackGroupRows() {
    }

    private static CompositeType compositeType() {
        try {
            return new CompositeType("io.github.jvmpagemap.ThreadStackGroup",
                    "the stacks of the threads whose names differ only in the number they end with", NAMES,
                    new String[] {"the threads' name, closing digits collapsed to #",
                        "live threads in the group, a count", "stack memory in RAM, in bytes",
                        "stack memory in swap, in bytes"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.INTEGER, SimpleType.LONG, SimpleType.LONG});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static CompositeData toCompositeData(ThreadStackGroup g) {
        try {
            return new CompositeDataSupport(TYPE, NAMES,
                    new Object[] {g.group(), g.threads(), g.residentBytes(), g.swappedBytes()});
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The group of a row, as a client reads it. */
    public static ThreadStackGroup fromCompositeData(CompositeData row) {
        return new ThreadStackGroup((String) row.get(NAMES[0]), (Integer) row.get(NAMES[1]), (Long) row.get(NAMES[2]),
                (Long) row.get(NAMES[3]));
    }
}
