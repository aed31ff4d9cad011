package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.rows.RowKind;
import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * A region's or sub-region's figures as open data: one row of the {@code Regions} attribute.
 * Open types only, so any JMX client (jconsole, a script, another JDK) reads them without our
 * classes. The items are the row's names and kind, then every {@link Figure} by its key.
 */
public final class RegionRows {
    private static final String REGION = "region";
    private static final String SUB_REGION = "subRegion";
    private static final String KIND = "kind";
    private static final String[] NAMES = names();

    /** The type of one row. */
    public static final CompositeType TYPE = compositeType();

    private RegionRows() {
    }

    private static String[] names() {
        List<String> names = new ArrayList<>(List.of(REGION, SUB_REGION, KIND));
        for (Figure figure : Figure.values()) {
            names.add(figure.key());
        }
        return names.toArray(String[]::new);
    }

    private static CompositeType compositeType() {
        List<String> descriptions = new ArrayList<>(List.of("the top-level row (Java Heap, Metaspace, ...)",
                "the sub-region's name, empty for the region itself",
                "what the top-level row is: jvm (a JVM region) or process (a category of the rest of the process)"));
        List<OpenType<?>> types = new ArrayList<>(List.of(SimpleType.STRING, SimpleType.STRING, SimpleType.STRING));
        for (Figure figure : Figure.values()) {
            descriptions.add(figure.describedForJmx());
            types.add(figure.unit() == Figure.Unit.RATIO ? SimpleType.DOUBLE : SimpleType.LONG);
        }
        try {
            return new CompositeType("io.github.jvmpagemap.RegionResidency",
                    "one region or sub-region: its address range and figures", NAMES,
                    descriptions.toArray(String[]::new), types.toArray(OpenType<?>[]::new));
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static CompositeData toCompositeData(RegionResidency r) {
        Object[] values = new Object[NAMES.length];
        values[0] = r.region();
        values[1] = r.isSubRegion() ? r.subRegion() : "";
        values[2] = r.kind().label();
        int i = 3;
        for (Figure figure : Figure.values()) {
            values[i++] = value(r, figure);
        }
        try {
            return new CompositeDataSupport(TYPE, NAMES, values);
        } catch (OpenDataException e) {
            // The values are built from TYPE's own item types: this cannot happen.
            throw new IllegalStateException(e);
        }
    }

    /** A figure as JMX publishes it: a Long, or for a ratio a Double percentage 0-100. */
    static Object value(RegionResidency r, Figure figure) {
        return figure.unit() == Figure.Unit.RATIO ? (Object) r.residentPercent() : (Object) r.get(figure);
    }

    /** Reads back a row written by {@link #toCompositeData}, as a client of the MBean does. */
    public static RegionResidency fromCompositeData(CompositeData row) {
        String sub = (String) row.get(SUB_REGION);
        long[] values = new long[Figure.values().length];
        for (Figure figure : Figure.MEASURED) {
            values[figure.ordinal()] = (Long) row.get(figure.key());
        }
        String kind = (String) row.get(KIND);
        return new RegionResidency((String) row.get(REGION), sub == null || sub.isEmpty() ? null : sub,
                kind.equals(RowKind.PROCESS_CATEGORY.label()) ? RowKind.PROCESS_CATEGORY : RowKind.JVM_REGION, values);
    }
}
