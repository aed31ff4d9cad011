package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.rows.RowKind;
import java.util.Arrays;
import java.util.Objects;

/**
 * One region's or sub-region's figures from one scan: every {@link Figure} but the ratios, by
 * the figure's ordinal, in bytes (addresses for {@link Figure#START} and {@link Figure#END}).
 *
 * @param region the top-level row's name ({@code Java Heap}, ...)
 * @param subRegion the sub-region's name, or null for the region itself
 * @param kind what the top-level row is
 * @param values by {@link Figure#ordinal()}; {@link Figure#UNAVAILABLE} where not measured; not to be modified
 */
public record RegionResidency(String region, String subRegion, RowKind kind, long[] values) {

    /** Builds a row from {@code values}, a number for each {@link Figure#MEASURED} figure in that order. */
    public static RegionResidency of(String region, String subRegion, RowKind kind, long... values) {
        if (values.length != Figure.MEASURED.size()) {
            throw new IllegalArgumentException(values.length + " values for " + Figure.MEASURED.size() + " figures");
        }
        long[] byOrdinal = new long[Figure.values().length];
        for (int i = 0; i < values.length; i++) {
            byOrdinal[Figure.MEASURED.get(i).ordinal()] = values[i];
        }
        return new RegionResidency(region, subRegion, kind, byOrdinal);
    }

    /** A figure in bytes (or an address); for a ratio see {@link #fraction}. */
    public long get(Figure figure) {
        if (figure.unit() == Figure.Unit.RATIO) {
            throw new IllegalArgumentException(figure + " is a ratio");
        }
        return values[figure.ordinal()];
    }

    /** Resident as a fraction of committed, 0 when nothing is committed: {@link Figure#RESIDENT_PERCENT} in JFR. */
    public double residentFraction() {
        long committed = get(Figure.COMMITTED);
        return committed <= 0 ? 0 : (double) get(Figure.RESIDENT) / committed;
    }

    /** {@link Figure#RESIDENT_PERCENT} as JMX, JSON and the table give it: a percentage, 0 to 100. */
    public double residentPercent() {
        return 100 * residentFraction();
    }

    /** Equal when every name and figure is: a row read back from JMX equals the one published. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RegionResidency r && Objects.equals(region, r.region)
                && Objects.equals(subRegion, r.subRegion) && kind == r.kind && Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, subRegion, kind, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(displayName()).append(" [").append(kind.label());
        for (Figure figure : Figure.MEASURED) {
            out.append(", ").append(figure.id()).append('=').append(get(figure));
        }
        return out.append(']').toString();
    }

    public boolean isSubRegion() {
        return subRegion != null;
    }

    /** The sub-region's name, or the region's for a top-level row. */
    public String displayName() {
        return subRegion == null ? region : subRegion;
    }
}
