package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.management.openmbean.SimpleType;

/**
 * {@code jvmpagemap:type=Region,name=<region>[,sub=<sub-region>]}: one region's figures as plain
 * numbers, which jconsole can chart and the Prometheus exporter turns into gauges.
 */
final class RegionBean extends ReadOnlyBean<RegionResidency> {
    private static final List<OpenAttribute<RegionResidency>> ATTRIBUTES = Stream.of(Figure.values())
            .filter(Figure::charted)
            .map(RegionBean::attribute)
            .toList();

    private final String region;
    private final String subRegion;

    RegionBean(ScanFeed feed, String region, String subRegion) {
        super(feed, "Residency of " + (subRegion == null ? region : subRegion + ", part of " + region)
                + " (a JVM region or a process category); figures in bytes, from a scan no older than the agent's"
                + " interval", ATTRIBUTES);
        this.region = region;
        this.subRegion = subRegion;
    }

    /** A figure as an attribute: -1 (not measured) before the first scan or once the region is gone. */
    private static OpenAttribute<RegionResidency> attribute(Figure figure) {
        boolean ratio = figure.unit() == Figure.Unit.RATIO;
        return new OpenAttribute<>(figure.attribute(), figure.describedForJmx() + "; -1 before the first scan",
                ratio ? SimpleType.DOUBLE : SimpleType.LONG,
                r -> r != null ? RegionRows.value(r, figure) : ratio ? (Object) (double) Figure.UNAVAILABLE
                        : (Object) Figure.UNAVAILABLE);
    }

    /** This region's row of the current scan; null before the first scan or once the region is gone. */
    @Override
    RegionResidency figures() {
        Residency scan = feed.current();
        if (scan == null) {
            return null;
        }
        for (RegionResidency r : scan.regions()) {
            if (r.region().equals(region) && Objects.equals(r.subRegion(), subRegion)) {
                return r;
            }
        }
        return null;
    }
}
