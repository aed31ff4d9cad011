package io.github.jvmpagemap.samples.it.published;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmc.common.IDescribable;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/** Reads .jfr files with both the JDK's parser and JDK Mission Control's. */
public final class JfrFiles {
    public static final String REGION_EVENT = "jvmpagemap.RegionResidency";
    public static final String SCAN_EVENT = "jvmpagemap.ResidencyScan";
    public static final String STACK_GROUP_EVENT = "jvmpagemap.ThreadStackGroup";
    /** A run of pages in one state, in a page-map snapshot. */
    public static final String PAGE_RUN_EVENT = "jvmpagemap.PageRun";

    private JfrFiles() {
    }

    /** The events named {@code name}, read by the JDK's RecordingFile. */
    public static List<RecordedEvent> events(Path file, String name) throws IOException {
        return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals(name))
                .toList();
    }

    /**
     * Checks that JMC's parser reads the same number of {@code name} events and the same sum of
     * the numeric field {@code field}, and returns that count.
     */
    public static long assertJmcAgrees(Path file, String name, String field) throws Exception {
        List<RecordedEvent> jdk = events(file, name);
        long jdkSum = jdk.stream().mapToLong(e -> e.getLong(field)).sum();
        long count = 0;
        long sum = 0;
        IItemCollection all = JfrLoaderToolkit.loadEvents(file.toFile());
        for (IItemIterable items : all) {
            if (!items.getType().getIdentifier().equals(name)) {
                continue;
            }
            IMemberAccessor<?, IItem> accessor = accessor(items.getType(), field);
            for (IItem item : items) {
                count++;
                Object value = accessor.getMember(item);
                sum += value instanceof IQuantity q ? q.longValue() : ((Number) value).longValue();
            }
        }
        assertEquals(jdk.size(), count, "JMC reads as many " + name + " events as the JDK");
        assertEquals(jdkSum, sum, "JMC reads the same " + field + " values as the JDK");
        return count;
    }

    private static IMemberAccessor<?, IItem> accessor(IType<IItem> type, String field) {
        Map<String, IAccessorKey<?>> keys = new HashMap<>();
        for (Map.Entry<IAccessorKey<?>, ? extends IDescribable> e : type.getAccessorKeys().entrySet()) {
            keys.put(e.getKey().getIdentifier(), e.getKey());
        }
        IAccessorKey<?> key = keys.get(field);
        if (key == null) {
            throw new AssertionError("JMC sees no field " + field + " in " + type.getIdentifier() + ": " + keys.keySet());
        }
        return type.getAccessor(key);
    }
}
