package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.scan.Detail;
import static io.github.jvmpagemap.jmx.Scans.MIB;
import static io.github.jvmpagemap.jmx.Scans.TIME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import org.junit.jupiter.api.Test;

class ResidencyMBeansTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final FakeSource source = new FakeSource(Duration.ofSeconds(10));
    private final List<String> log = new ArrayList<>();

    private void register() {
        ResidencyMBeans.register(source, source, source, () -> server, log::add);
    }

    private Set<String> regionBeans() throws Exception {
        return server.queryNames(new ObjectName("jvmpagemap:type=Region,*"), null).stream()
                .map(ObjectName::getCanonicalName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String canonical(String name) throws Exception {
        return new ObjectName(name).getCanonicalName();
    }

    @Test
    void noBeanIsRegisteredAndJmxIsNotTouchedBeforeTheFirstScan() {
        ResidencyMBeans.register(source, source, source, () -> {
            throw new AssertionError("the MBean server was asked for before any scan");
        }, log::add);
        assertEquals(List.of(), log);
    }

    @Test
    void oneBeanPerRegionAndSubRegionAppearsWithTheFirstScan() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        assertTrue(server.isRegistered(new ObjectName("jvmpagemap:type=Residency")));
        assertEquals(new TreeSet<>(List.of(
                canonical("jvmpagemap:type=Region,name=Java Heap"),
                canonical("jvmpagemap:type=Region,name=Java Heap,sub=PS Eden Space"),
                canonical("jvmpagemap:type=Region,name=Java Heap,sub=PS Survivor Space"),
                canonical("jvmpagemap:type=Region,name=Java Heap,sub=PS Old Gen"),
                canonical("jvmpagemap:type=Region,name=Code Cache"),
                canonical("jvmpagemap:type=Region,name=Code Cache,sub=CodeHeap 'profiled nmethods'"),
                canonical("jvmpagemap:type=Region,name=Metaspace"))), regionBeans());
        assertEquals(List.of(), log);
    }

    @Test
    void aScanCompletedBeforeRegistrationIsPublishedAndCountedOnce() throws Exception {
        Residency first = Scans.parallel(TIME);
        source.scan(first);
        register();
        assertEquals(7, regionBeans().size());
        source.scan(first);
        assertEquals(1L, server.getAttribute(ResidencyMBeans.RESIDENCY, "ScanCount"));
        source.scan(Scans.parallel(TIME.plusSeconds(10)));
        assertEquals(2L, server.getAttribute(ResidencyMBeans.RESIDENCY, "ScanCount"));
    }

    @Test
    void beansFollowRegionsThatDisappearAndAppear() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        Residency before = Scans.parallel(TIME);
        List<RegionResidency> rows = new ArrayList<>(before.regions().subList(4, 7));
        rows.add(Scans.row("CDS Archive", null, 12 * MIB, 12 * MIB));
        source.scan(new Residency(TIME.plusSeconds(10), 1, "pagemap", Detail.BASIC, "Parallel", rows, 100 * MIB, 0, 1,
                List.of(), 3));
        assertEquals(new TreeSet<>(List.of(
                canonical("jvmpagemap:type=Region,name=Code Cache"),
                canonical("jvmpagemap:type=Region,name=Code Cache,sub=CodeHeap 'profiled nmethods'"),
                canonical("jvmpagemap:type=Region,name=Metaspace"),
                canonical("jvmpagemap:type=Region,name=CDS Archive"))), regionBeans());
    }

    @Test
    void regionBeanAttributesAreTheRowsFiguresWithUnavailableAsMinusOne() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        ObjectName eden = ResidencyMBeans.regionName("Java Heap", "PS Eden Space");
        assertEquals(512 * MIB, server.getAttribute(eden, "ReservedBytes"));
        assertEquals(100 * MIB, server.getAttribute(eden, "CommittedBytes"));
        assertEquals(50 * MIB, server.getAttribute(eden, "ResidentBytes"));
        assertEquals(0L, server.getAttribute(eden, "SwappedBytes"));
        for (String unmeasured : List.of("HugePageBytes", "LargeFolioBytes", "ZeroPageBytes", "SharedBytes",
                "ProportionalBytes")) {
            assertEquals(Figure.UNAVAILABLE, server.getAttribute(eden, unmeasured), unmeasured);
        }
        assertEquals(50.0, server.getAttribute(eden, "ResidentPercent"));
        assertEquals(0.0, server.getAttribute(ResidencyMBeans.regionName("Metaspace", null), "ResidentPercent"),
                "nothing committed");
    }

    @Test
    void residencyBeanPublishesTheWholeScanWithRowsInTableOrder() throws Exception {
        register();
        Residency scan = Scans.parallel(TIME);
        source.scan(scan);
        ObjectName bean = ResidencyMBeans.RESIDENCY;
        CompositeData[] rows = (CompositeData[]) server.getAttribute(bean, "Regions");
        assertEquals(scan.regions(), Arrays.stream(rows).map(RegionRows::fromCompositeData).toList());
        assertEquals("", rows[0].get("subRegion"), "a top-level row's sub-region is empty, not null");
        assertEquals(18.42, (Double) rows[0].get("residentPercent"), 0.01);
        assertEquals(200 * MIB, server.getAttribute(bean, "ProcessResidentBytes"));
        assertEquals((200 - 70 - 2) * MIB, server.getAttribute(bean, "UnattributedBytes"));
        assertEquals(TIME.toEpochMilli(), server.getAttribute(bean, "LastScanTime"));
        assertEquals(7_000_000L, server.getAttribute(bean, "LastScanDurationNanos"));
        assertEquals(1L, server.getAttribute(bean, "ScanCount"));
        assertEquals("pagemap", server.getAttribute(bean, "ScanMethod"));
        assertEquals("basic", server.getAttribute(bean, "Detail"));
        assertEquals("Parallel", server.getAttribute(bean, "Collector"));
        assertArrayEquals(new String[] {"Metaspace: a \"quoted\" problem"},
                (String[]) server.getAttribute(bean, "Problems"));
    }

    @Test
    void readingAllAttributesAtOnceAsksTheScannerOnceForAScanNoOlderThanTheInterval() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        String[] names = Arrays.stream(server.getMBeanInfo(ResidencyMBeans.RESIDENCY).getAttributes())
                .map(MBeanAttributeInfo::getName).toArray(String[]::new);
        assertEquals(names.length, server.getAttributes(ResidencyMBeans.RESIDENCY, names).size());
        server.getAttribute(ResidencyMBeans.regionName("Java Heap", null), "ResidentBytes");
        assertEquals(List.of(source.interval, source.interval), source.freshAsked);
    }

    @Test
    void scanNowAsksForAScanNoOlderThanTheIntervalAndReturnsItsTime() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        assertEquals(TIME.toEpochMilli(), server.invoke(ResidencyMBeans.RESIDENCY, "scanNow", null, null));
        assertEquals(List.of(source.interval), source.freshAsked);
    }

    @Test
    void measureWrittenRunsAWindowOfTheMillisecondsGivenAndPublishesItsScan() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        Residency base = Scans.parallel(TIME.plusSeconds(3));
        source.windowScan = new Residency(base.time(), base.durationNanos(), base.method(), base.detail(),
                base.collector(), base.regions(), base.processResidentBytes(), base.hugetlbBytes(),
                base.extraViewBytes(), base.pagesExamined(), base.problems(), base.discoveries(), base.stackGroups(),
                1_500_000_000L);

        Object started = server.invoke(ResidencyMBeans.RESIDENCY, "measureWritten", new Object[] {1500L},
                new String[] {long.class.getName()});

        assertEquals(TIME.plusSeconds(3).toEpochMilli(), started);
        assertEquals(List.of(Duration.ofMillis(1500)), source.windowsAsked);
        assertEquals(1_500_000_000L, server.getAttribute(ResidencyMBeans.RESIDENCY, "WriteWindowNanos"));
    }

    @Test
    void measureWrittenWhereItCannotWorkReachesTheClientWithItsReason() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));

        MBeanException e = assertThrows(MBeanException.class, () -> server.invoke(ResidencyMBeans.RESIDENCY,
                "measureWritten", new Object[] {1000L}, new String[] {long.class.getName()}));

        assertEquals(IOException.class, e.getCause().getClass());
        assertEquals("written pages need JDK 22 or newer", e.getCause().getMessage());
        assertEquals(-1L, server.getAttribute(ResidencyMBeans.RESIDENCY, "WriteWindowNanos"),
                "a scan without a window says so");
    }

    @Test
    void resetPeaksAsksTheScannerToStartThePeaksAgainAndTheFiguresReadNextAreItsScans() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        Residency before = source.latest();
        source.afterReset = new Residency(TIME.plusSeconds(1), 1, "scan", Detail.BASIC, "Parallel",
                before.regions(), 200 << 20, 0, 0, 1, List.of(), 1, List.of(), -1, 210 << 20, 10_000_000_000L);

        assertNull(server.invoke(ResidencyMBeans.RESIDENCY, "resetPeaks", new Object[0], new String[0]));

        assertEquals(1, source.peakResets);
        assertEquals((long) (210 << 20), server.getAttribute(ResidencyMBeans.RESIDENCY, "ProcessPeakResidentBytes"));
        assertEquals(10_000_000_000L, server.getAttribute(ResidencyMBeans.RESIDENCY, "EffectiveIntervalNanos"));
    }

    @Test
    void resetPeaksThatFailsReachesTheClientWithItsReason() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));

        MBeanException e = assertThrows(MBeanException.class, () -> server.invoke(ResidencyMBeans.RESIDENCY,
                "resetPeaks", new Object[0], new String[0]));

        assertEquals(IOException.class, e.getCause().getClass());
        assertEquals("cannot reset VmHWM through /proc/self/clear_refs (Permission denied)", e.getCause().getMessage());
    }

    @Test
    void theCpuOfClientsCallsIsChargedToTheAgent() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        for (int i = 0; i < 200; i++) {
            server.getAttribute(ResidencyMBeans.RESIDENCY, "Regions");
        }
        assertTrue(source.charged > 0, "building 200 answers takes CPU");
    }

    @Test
    void snapshotWritesToTheAbsolutePathGiven() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        assertEquals("/tmp/x.jfr", server.invoke(ResidencyMBeans.RESIDENCY, "snapshot", new Object[] {"/tmp/x.jfr"},
                new String[] {String.class.getName()}));
        assertEquals(List.of(Path.of("/tmp/x.jfr")), source.snapshots);
    }

    @Test
    void snapshotFailureReachesTheClientAsAPlainIOExceptionWithItsReason() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        source.snapshotFailure = new FileAlreadyExistsException("/tmp/x.jfr");
        MBeanException e = assertThrows(MBeanException.class, () -> server.invoke(ResidencyMBeans.RESIDENCY,
                "snapshot", new Object[] {"/tmp/x.jfr"}, new String[] {String.class.getName()}));
        assertEquals(IOException.class, e.getCause().getClass());
        assertEquals("FileAlreadyExistsException: /tmp/x.jfr", e.getCause().getMessage());
        assertEquals(null, e.getCause().getCause(), "no cause the client may lack the class of");
    }

    @Test
    void relativeSnapshotPathIsRefusedBecauseTheTargetsDirectoryIsNotTheCallers() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        MBeanException e = assertThrows(MBeanException.class, () -> server.invoke(ResidencyMBeans.RESIDENCY,
                "snapshot", new Object[] {"x.jfr"}, new String[] {String.class.getName()}));
        assertTrue(e.getCause().getMessage().startsWith("the snapshot path must be absolute"), e.getMessage());
        assertEquals(List.of(), source.snapshots);
    }

    @Test
    void everyAttributeIsOpenTypedAndItsDescriptionStatesItsUnit() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        for (ObjectName name : List.of(ResidencyMBeans.RESIDENCY, ResidencyMBeans.regionName("Java Heap", null))) {
            for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                assertInstanceOf(OpenMBeanAttributeInfo.class, a, a.getName());
                String d = a.getDescription();
                String unit = a.getName().endsWith("Bytes") ? "in bytes" : a.getName().endsWith("Percent")
                        ? "percentage" : a.getName().endsWith("Nanos") ? "nanoseconds"
                        : a.getName().endsWith("Time") ? "milliseconds since the epoch" : "";
                assertTrue(d.contains(unit), () -> a.getName() + ": " + d);
                if (a.getType().equals("java.lang.Long") && !a.getName().equals("ScanCount")) {
                    assertTrue(d.contains("-1"), () -> a.getName() + " says when it is -1: " + d);
                }
            }
        }
    }

    @Test
    void beforeTheFirstScanFiguresAreMinusOneAndRegionsEmpty() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        source.scan(null);
        assertEquals(-1L, server.getAttribute(ResidencyMBeans.RESIDENCY, "ProcessResidentBytes"));
        assertEquals(0, ((CompositeData[]) server.getAttribute(ResidencyMBeans.RESIDENCY, "Regions")).length);
        assertEquals(-1L, server.getAttribute(ResidencyMBeans.regionName("Java Heap", null), "ResidentBytes"));
        assertEquals(-1.0, server.getAttribute(ResidencyMBeans.regionName("Java Heap", null), "ResidentPercent"));
    }

    public interface SquatterMBean {
    }

    public static final class Squatter implements SquatterMBean {
    }

    @Test
    void aNameAlreadyTakenIsOneLogLineAndTheOtherBeansStillAppear() throws Exception {
        server.registerMBean(new StandardMBean(new Squatter(), SquatterMBean.class), ResidencyMBeans.RESIDENCY);
        register();
        source.scan(Scans.parallel(TIME));
        assertEquals(1, log.size(), log::toString);
        assertTrue(log.get(0).startsWith("cannot register MBean jvmpagemap:type=Residency"), log::toString);
        assertEquals(7, regionBeans().size());
    }

    @Test
    void attributesAreReadOnly() throws Exception {
        register();
        source.scan(Scans.parallel(TIME));
        assertThrows(Exception.class, () -> server.setAttribute(ResidencyMBeans.RESIDENCY,
                new Attribute("ScanCount", 5L)));
        assertFalse(server.getMBeanInfo(ResidencyMBeans.RESIDENCY).getAttributes()[0].isWritable());
    }

    @Test
    void namesWithCharactersObjectNameReservesAreQuotedAndReadBack() throws Exception {
        ObjectName name = ResidencyMBeans.regionName("Mapped Files", "/tmp/a,b=c:d");
        assertEquals("Mapped Files", name.getKeyProperty("name"));
        assertEquals("/tmp/a,b=c:d", ObjectName.unquote(name.getKeyProperty("sub")));
        assertEquals("CodeHeap 'profiled nmethods'",
                ResidencyMBeans.regionName("Code Cache", "CodeHeap 'profiled nmethods'").getKeyProperty("sub"));
    }
}
