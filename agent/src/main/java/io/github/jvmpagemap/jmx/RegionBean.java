package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;
import javax.management.openmbean.SimpleType;

/**
 * {@code jvmpagemap:type=Region,name=<region>[,sub=<sub-region>]}: one region's figures as plain
 * numbers, which jconsole can chart and the Prometheus exporter turns into gauges.
 */
final class RegionBean extends ReadOnlyBean<RegionResidency> {
    private static final String BEFORE_FIRST_SCAN = "; -1 before the first scan";
    private static final String UNMEASURED = "; -1 if not measured (and before the first scan)";
    private static final List<OpenAttribute<RegionResidency>> ATTRIBUTES = List.of(
            bytes("ReservedBytes", "Address space the JVM reserved for the region, in bytes" + BEFORE_FIRST_SCAN,
                    RegionResidency::reservedBytes),
            bytes("CommittedBytes", "Part of the reservation that is mapped accessible, in bytes"
                    + BEFORE_FIRST_SCAN, RegionResidency::committedBytes),
            bytes("ResidentBytes", "Committed bytes in physical memory (RAM), each page counted once, in bytes"
                    + BEFORE_FIRST_SCAN, RegionResidency::residentBytes),
            bytes("SwappedBytes", "Committed bytes in swap, in bytes" + BEFORE_FIRST_SCAN,
                    RegionResidency::swappedBytes),
            bytes("HugePageBytes", "Resident bytes backed by transparent or hugetlb huge pages, in bytes"
                    + UNMEASURED, RegionResidency::hugePageBytes),
            bytes("ZeroPageBytes", "Bytes mapped to the kernel's shared zero page, in bytes" + UNMEASURED,
                    RegionResidency::zeroPageBytes),
            bytes("SharedBytes", "Resident bytes mapped by more than one process, in bytes (needs detail=full)"
                    + UNMEASURED, RegionResidency::sharedBytes),
            bytes("ProportionalBytes", "Proportional set size: each resident page divided by the number of"
                    + " processes mapping it, in bytes (needs detail=full)" + UNMEASURED,
                    RegionResidency::proportionalBytes),
            new OpenAttribute<>("ResidentPercent", "Resident as a percentage of committed, 0 to 100 (0 when"
                    + " nothing is committed)" + BEFORE_FIRST_SCAN, SimpleType.DOUBLE,
                    r -> r == null ? -1.0 : RegionRows.percent(r)));

    private final ScanFeed feed;
    private final String region;
    private final String subRegion;

    RegionBean(ScanFeed feed, String region, String subRegion) {
        super("Residency of " + (subRegion == null ? "the JVM region " + region
                : subRegion + ", part of the JVM region " + region)
                + "; figures in bytes, from a scan no older than the agent's interval", ATTRIBUTES);
        this.feed = feed;
        this.region = region;
        this.subRegion = subRegion;
    }

    private static OpenAttribute<RegionResidency> bytes(String name, String description,
            ToLongFunction<RegionResidency> figure) {
        return new OpenAttribute<>(name, description, SimpleType.LONG,
                r -> r == null ? RegionResidency.UNAVAILABLE : figure.applyAsLong(r));
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
