package io.github.jvmpagemap.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** One scan of the page tables: what it cost and the process-wide figures. */
@Name(ResidencyScanEvent.NAME)
@Label("Residency Scan")
@Category("JVM Pagemap")
@Description("A scan of the process's page tables by the jvm-pagemap agent: its cost and the process-wide figures")
@StackTrace(false)
@Enabled(false)
@Period("10 s")
public final class ResidencyScanEvent extends Event {
    public static final String NAME = "jvmpagemap.ResidencyScan";

    @Label("Scan Time")
    @Description("When the scan started")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long scanTime;

    @Label("Scan Duration")
    @Description("How long the scan took, in nanoseconds")
    @Timespan(Timespan.NANOSECONDS)
    public long scanDuration;

    @Label("Method")
    @Description("How the page tables were read: pagemap or scan")
    public String method;

    @Label("Detail")
    @Description("basic, or full (kpageflags and kpagecount)")
    public String detail;

    @Label("Collector")
    @Description("The garbage collector recognised")
    public String collector;

    @Label("Pages Examined")
    @Description("Virtual pages whose state was read")
    public long pagesExamined;

    @Label("Attributed")
    @Description("Resident bytes attributed to a row (a JVM region or a process category)")
    @DataAmount
    public long attributed;

    @Label("Process Resident")
    @Description("The process's resident set size (VmRSS) in bytes; -1 if unreadable")
    @DataAmount
    public long processResident;

    @Label("Hugetlb Pages")
    @Description("Resident bytes on hugetlb pages (HugetlbPages): counted in the rows that hold them, not in VmRSS")
    @DataAmount
    public long hugetlb;

    @Label("Unattributed")
    @Description("VmRSS not explained by any row or extra heap view (the zero page and hugetlb pages, which VmRSS"
            + " leaves out, taken off the rows), in bytes; -1 if VmRSS is unreadable")
    @DataAmount
    public long unattributed;

    @Label("Extra Heap Views")
    @Description("Resident bytes VmRSS counts again because the heap is mapped in several views (JDK 17 ZGC)")
    @DataAmount
    public long extraViews;

    @Label("Attributed Share")
    @Description("Attributed as a fraction of VmRSS (0 to 1); -1 if VmRSS is unreadable")
    @Percentage
    public double attributedPercent;

    @Label("Write Window")
    @Description("How long the write window behind the regions' written figures lasted; -1 when no window ran")
    @Timespan(Timespan.NANOSECONDS)
    public long writeWindow;

    @Label("Process Peak Resident")
    @Description("The highest resident set size the process has had (VmHWM) since it started or its peaks were"
            + " last reset; -1 if unreadable")
    @DataAmount
    public long processPeakResident;

    @Label("Effective Interval")
    @Description("The period of the background scans when this scan was published: the interval asked for, or"
            + " longer where the agent's CPU cap (maxCpu) stretches it; -1 for a scan no agent scheduled")
    @Timespan(Timespan.NANOSECONDS)
    public long effectiveInterval;
}
