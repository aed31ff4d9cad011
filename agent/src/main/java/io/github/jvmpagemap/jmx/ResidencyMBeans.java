package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencySource;
import io.github.jvmpagemap.residency.Snapshots;
import io.github.jvmpagemap.residency.WrittenMeasures;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Publishes the agent's scans as MBeans: {@code jvmpagemap:type=Residency}, and one
 * {@code jvmpagemap:type=Region,name=<region>} per region plus one
 * {@code jvmpagemap:type=Region,name=<region>,sub=<sub-region>} per sub-region, which appear and
 * disappear as the regions do. The beans are registered on the scanner thread after a scan, not
 * when the agent starts: touching the platform MBean server from {@code premain} can initialise
 * JMX and logging before the application has configured them.
 */
public final class ResidencyMBeans {
    public static final String DOMAIN = "jvmpagemap";
    public static final ObjectName RESIDENCY = objectName(DOMAIN + ":type=Residency");

    private final ScanFeed feed;
    private final Supplier<MBeanServer> servers;
    private final Consumer<String> log;
    private final Set<ObjectName> regionBeans = new LinkedHashSet<>();
    /** Bean names by region, then sub-region ("" for the region's own). */
    private final Map<String, Map<String, ObjectName>> names = new HashMap<>();
    private MBeanServer server;
    private boolean residencyRegistered;
    /** The rows whose beans are registered: a scan with rows of the same names needs nothing done. */
    private List<RegionResidency> registeredRows = List.of();

    private ResidencyMBeans(ResidencySource source, Snapshots snapshots, WrittenMeasures written,
            Supplier<MBeanServer> servers, Consumer<String> log) {
        this.feed = new ScanFeed(source, snapshots, written);
        this.servers = servers;
        this.log = log;
    }

    /**
     * Registers the beans in the platform MBean server after every scan of {@code source}. Never
     * throws: a failure is one line through {@code log}, and the agent carries on without them.
     */
    public static void register(ResidencySource source, Snapshots snapshots, WrittenMeasures written,
            Consumer<String> log) {
        register(source, snapshots, written, ManagementFactory::getPlatformMBeanServer, log);
    }

    static void register(ResidencySource source, Snapshots snapshots, WrittenMeasures written,
            Supplier<MBeanServer> servers, Consumer<String> log) {
        ResidencyMBeans beans = new ResidencyMBeans(source, snapshots, written, servers, log);
        try {
            source.onScan(beans::publish);
            // The first scan may have completed before the listener was added.
            beans.publish(source.latest());
        } catch (Throwable t) {
            log.accept("MBeans not registered (" + t + ")");
        }
    }

    /** The name of a region's or sub-region's bean. */
    public static ObjectName regionName(String region, String subRegion) {
        String name = DOMAIN + ":type=Region,name=" + value(region);
        return objectName(subRegion == null ? name : name + ",sub=" + value(subRegion));
    }

    /** Registers what a new scan needs and unregisters the beans of regions that are gone. */
    synchronized void publish(Residency scan) {
        if (scan == null || !feed.count(scan)) {
            return;
        }
        if (server == null) {
            server = servers.get();
        }
        if (!residencyRegistered) {
            residencyRegistered = register(RESIDENCY, new ResidencyBean(feed));
        }
        if (sameNames(scan.regions(), registeredRows)) {
            return;
        }
        registeredRows = scan.regions();
        Map<ObjectName, RegionResidency> wanted = new LinkedHashMap<>();
        for (RegionResidency r : scan.regions()) {
            wanted.put(knownName(r.region(), r.subRegion()), r);
        }
        for (Iterator<ObjectName> it = regionBeans.iterator(); it.hasNext(); ) {
            ObjectName name = it.next();
            if (!wanted.containsKey(name)) {
                unregister(name);
                it.remove();
            }
        }
        wanted.forEach((name, r) -> {
            if (!regionBeans.contains(name) && register(name, new RegionBean(feed, r.region(), r.subRegion()))) {
                regionBeans.add(name);
            }
        });
    }

    /** True if {@code rows} name the same rows, in the same order, as {@code before}. */
    private static boolean sameNames(List<RegionResidency> rows, List<RegionResidency> before) {
        if (rows.size() != before.size()) {
            return false;
        }
        for (int i = 0; i < rows.size(); i++) {
            RegionResidency a = rows.get(i);
            RegionResidency b = before.get(i);
            if (!a.region().equals(b.region()) || !Objects.equals(a.subRegion(), b.subRegion())) {
                return false;
            }
        }
        return true;
    }

    /** A region's bean name, made once: building one at every scan was most of what publishing allocated. */
    private ObjectName knownName(String region, String subRegion) {
        return names.computeIfAbsent(region, r -> new HashMap<>())
                .computeIfAbsent(subRegion == null ? "" : subRegion, s -> regionName(region, subRegion));
    }

    private boolean register(ObjectName name, Object bean) {
        try {
            server.registerMBean(bean, name);
            return true;
        } catch (JMException | RuntimeException e) {
            log.accept("cannot register MBean " + name + " (" + e + ")");
            return false;
        }
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // Already gone: what we wanted.
        } catch (JMException | RuntimeException e) {
            log.accept("cannot unregister MBean " + name + " (" + e + ")");
        }
    }

    /** A key property value, quoted only when it holds a character ObjectName reserves. */
    static String value(String text) {
        for (char c : new char[] {',', '=', ':', '"', '*', '?', '\n'}) {
            if (text.indexOf(c) >= 0) {
                return ObjectName.quote(text);
            }
        }
        return text.isEmpty() ? ObjectName.quote(text) : text;
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + name, e);
        }
    }
}
