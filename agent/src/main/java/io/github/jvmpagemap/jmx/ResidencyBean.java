package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadCpu;
import io.github.jvmpagemap.residency.WrittenMeasures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.SimpleType;

/**
 * {@code jvmpagemap:type=Residency}: the whole picture of one scan, and the operations
 * {@code scanNow()} and {@code snapshot(path)}.
 */
final class ResidencyBean extends ReadOnlyBean<ResidencyBean.Seen> {
    static final String SCAN_NOW = "scanNow";
    static final String SNAPSHOT = "snapshot";
    static final String MEASURE_WRITTEN = "measureWritten";
    static final String RESET_PEAKS = "resetPeaks";
    private static final String BEFORE_FIRST_SCAN = "; -1 before the first scan";

    /** One scan (null before the first) and how many scans there have been. */
    record Seen(Residency scan, long count) {
    }

    private static final List<OpenAttribute<Seen>> ATTRIBUTES = List.of(
            new OpenAttribute<>("Regions", "One row per region and sub-region (a sub-region follows its region):"
                    + " address range and figures in bytes; -1 marks a figure that is not measured; empty before"
                    + " the first scan", arrayOf(RegionRows.TYPE), s -> rows(s.scan)),
            figure("ProcessResidentBytes", "The kernel's resident set size of this process (VmRSS), in bytes;"
                    + " -1 if unreadable", Residency::processResidentBytes),
            figure("ProcessPeakResidentBytes", "The highest resident set size this process has had (VmHWM), since it"
                    + " started or resetPeaks() was last called, in bytes; -1 if unreadable",
                    Residency::processPeakResidentBytes),
            figure("EffectiveIntervalNanos", "The period of the background scans now, in nanoseconds: the interval"
                    + " option, or longer where the agent's CPU cap (the maxCpu option) stretches it",
                    Residency::effectiveIntervalNanos),
            figure("HugetlbBytes", "Resident bytes on hugetlb pages (HugetlbPages): counted in the rows that"
                    + " hold them, but not in VmRSS, in bytes", Residency::hugetlbBytes),
            figure("UnattributedBytes", "VmRSS that no row holds (the zero page and hugetlb pages, which VmRSS"
                    + " leaves out, taken off the rows), in bytes: close to zero, as every mapping has a row; -1 if"
                    + " VmRSS is unreadable", Residency::unattributedBytes),
            figure("ExtraViewBytes", "Resident bytes VmRSS counts again because the heap is mapped in several"
                    + " views (JDK 17's ZGC), in bytes; part of VmRSS but of no region", Residency::extraViewBytes),
            figure("WriteWindowNanos", "How long the write window behind the latest scan's written and untracked"
                    + " figures lasted, in nanoseconds; -1 if no window ran (see the written option and"
                    + " measureWritten)", Residency::writeWindowNanos),
            figure("LastScanTime", "When the latest scan started, in milliseconds since the epoch (1970-01-01"
                    + " UTC)", r -> r.time().toEpochMilli()),
            figure("LastScanDurationNanos", "How long the latest scan took, in nanoseconds",
                    Residency::durationNanos),
            figure("PagesExamined", "Virtual pages whose state the latest scan read, a count",
                    Residency::pagesExamined),
            new OpenAttribute<>("ScanCount", "Scans since the agent started, a count (the background scan runs"
                    + " every interval; reading attributes or scanNow() add at most one per interval)",
                    SimpleType.LONG, s -> s.count),
            text("ScanMethod", "How the page tables were read: pagemap (/proc/self/pagemap) or scan (the"
                    + " PAGEMAP_SCAN ioctl)", Residency::method),
            text("Detail", "basic, or full when kpageflags and kpagecount were read (shared and proportional"
                    + " figures)", r -> r.detail().label()),
            text("Collector", "The garbage collector recognised", Residency::collector),
            new OpenAttribute<>("Problems", "What the latest scan could not discover or read, one line each",
                    stringArray(), s -> s.scan == null ? new String[0] : s.scan.problems().toArray(String[]::new)),
            new OpenAttribute<>("LayoutDiscoveries", "How many times the region layout has been read from the JVM"
                    + " since the agent started (some reads are brief safepoints), a count; -1 before the first"
                    + " scan", SimpleType.INTEGER, s -> s.scan == null ? -1 : s.scan.discoveries()),
            new OpenAttribute<>("ThreadStackGroups", "The largest groups of thread stacks by resident bytes, threads"
                    + " grouped by name with the number they end with collapsed (http-nio-8080-exec-#); empty before the first"
                    + " scan", arrayOf(StackGroupRows.TYPE), s -> s.scan == null ? new CompositeData[0]
                            : s.scan.stackGroups().stream().map(StackGroupRows::toCompositeData)
                                    .toArray(CompositeData[]::new)));

    ResidencyBean(ScanFeed feed) {
        super(feed, "Where this JVM's memory is: resident and swapped bytes per row (the JVM's regions and the rest of"
                + " the process by category), from the kernel's page tables; from a scan no older than the agent's interval (" + feed.source().interval().toMillis()
                + " ms)",
                ATTRIBUTES,
                new OpenMBeanOperationInfoSupport(SCAN_NOW, "Makes sure the figures are no older than the"
                        + " interval, scanning now if the latest scan is older; returns the start of that scan in"
                        + " milliseconds since the epoch, -1 if there is none. Rate-limited: never more than one"
                        + " scan per interval", new OpenMBeanParameterInfo[0], SimpleType.LONG,
                        MBeanOperationInfo.ACTION_INFO),
                new OpenMBeanOperationInfoSupport(SNAPSHOT, "Writes a full-fidelity page map (every run of"
                        + " same-state pages, per region) to a new .jfr file at this absolute path, written by this"
                        + " JVM; returns the path", new OpenMBeanParameterInfo[] {new OpenMBeanParameterInfoSupport(
                                "path", "absolute path of a new .jfr file", SimpleType.STRING)},
                        SimpleType.STRING, MBeanOperationInfo.ACTION),
                new OpenMBeanOperationInfoSupport(MEASURE_WRITTEN, "Watches which pages are written for this many"
                        + " milliseconds (" + WrittenMeasures.SHORTEST.toMillis() + " to "
                        + WrittenMeasures.LONGEST.toMillis() + "), then scans: the regions then have written and"
                        + " untracked figures. The application pays a fault at the first write to each watched page"
                        + " during the window. Waits for the scan; returns its start in milliseconds since the epoch",
                        new OpenMBeanParameterInfo[] {new OpenMBeanParameterInfoSupport("durationMillis",
                                "how long to watch, in milliseconds", SimpleType.LONG)},
                        SimpleType.LONG, MBeanOperationInfo.ACTION),
                new OpenMBeanOperationInfoSupport(RESET_PEAKS, "Starts every row's PeakResidentBytes and the"
                        + " process's ProcessPeakResidentBytes (VmHWM) again from now, then scans so that the figures"
                        + " read next show it", new OpenMBeanParameterInfo[0], SimpleType.VOID,
                        MBeanOperationInfo.ACTION));
    }

    @Override
    Seen figures() {
        Residency scan = feed.current();
        return new Seen(scan, feed.count());
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        long cpu = ThreadCpu.now();
        try {
            return operation(operation, params, signature);
        } finally {
            feed.source().charge(ThreadCpu.since(cpu));
        }
    }

    private Object operation(String operation, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        if (RESET_PEAKS.equals(operation) && (params == null || params.length == 0)) {
            try {
                feed.source().resetPeaks();
                return null;
            } catch (IOException | RuntimeException e) {
                String message = oneLine(e);
                throw new MBeanException(new IOException(message), message);
            }
        }
        if (SCAN_NOW.equals(operation) && (params == null || params.length == 0)) {
            Residency scan = feed.current();
            return scan == null ? -1L : scan.time().toEpochMilli();
        }
        if (SNAPSHOT.equals(operation) && params != null && params.length == 1 && params[0] instanceof String p) {
            return snapshot(p);
        }
        if (MEASURE_WRITTEN.equals(operation) && params != null && params.length == 1
                && params[0] instanceof Number millis) {
            return measureWritten(millis.longValue());
        }
        return super.invoke(operation, params, signature);
    }

    private long measureWritten(long millis) throws MBeanException {
        try {
            return feed.written().measureWritten(Duration.ofMillis(millis)).time().toEpochMilli();
        } catch (IOException | RuntimeException e) {
            String message = oneLine(e);
            throw new MBeanException(new IOException(message), message);
        }
    }

    private String snapshot(String path) throws MBeanException {
        try {
            Path file = Path.of(path);
            if (!file.isAbsolute()) {
                throw new IOException("the snapshot path must be absolute (it is written by the JVM being"
                        + " observed, whose working directory may differ): " + path);
            }
            feed.snapshots().take(file);
            return file.toString();
        } catch (IOException | RuntimeException e) {
            // A plain IOException with the message only: the client may not have the classes of
            // whatever the writer threw, and must still be able to show why.
            String message = oneLine(e);
            throw new MBeanException(new IOException(message), message);
        }
    }

    static String oneLine(Exception e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return e.getClass() == IOException.class ? message : e.getClass().getSimpleName() + ": " + message;
    }

    private static OpenAttribute<Seen> figure(String name, String description, Function<Residency, Long> value) {
        return new OpenAttribute<>(name, description + BEFORE_FIRST_SCAN, SimpleType.LONG,
                s -> s.scan == null ? -1L : value.apply(s.scan));
    }

    private static OpenAttribute<Seen> text(String name, String description, Function<Residency, String> value) {
        return new OpenAttribute<>(name, description + "; empty before the first scan", SimpleType.STRING,
                s -> s.scan == null ? "" : value.apply(s.scan));
    }

    private static CompositeData[] rows(Residency scan) {
        if (scan == null) {
            return new CompositeData[0];
        }
        return scan.regions().stream().map(RegionRows::toCompositeData).toArray(CompositeData[]::new);
    }

    private static ArrayType<CompositeData[]> arrayOf(javax.management.openmbean.CompositeType type) {
        try {
            return ArrayType.getArrayType(type);
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static ArrayType<String[]> stringArray() {
        try {
            return ArrayType.getArrayType(SimpleType.STRING);
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
