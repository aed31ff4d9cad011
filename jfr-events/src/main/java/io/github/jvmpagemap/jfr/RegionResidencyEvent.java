package io.github.jvmpagemap.jfr;

import io.github.jvmpagemap.rows.RowNames;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * One region's or sub-region's residency, emitted periodically: one event per region and
 * sub-region per period. A figure that cannot be measured in this process is -1, never 0.
 * The agent defines each figure once (name, label, meaning, unit); the fields below follow
 * those definitions, and the agent's tests hold them together.
 */
@Name(RegionResidencyEvent.NAME)
@Label("Region Residency")
@Category("JVM Pagemap")
@Description("Resident, swapped and committed memory of one JVM region or process category, from the process's"
        + " page tables. Figures that cannot be measured here are -1.")
@StackTrace(false)
@Enabled(false)
@Period("10 s")
public final class RegionResidencyEvent extends Event {
    public static final String NAME = "jvmpagemap.RegionResidency";

    @Label("Region")
    @Description("Top-level row: a JVM region (" + RowNames.JAVA_HEAP + ", " + RowNames.METASPACE + ", "
            + RowNames.CLASS_SPACE + ", " + RowNames.CODE_CACHE + ", " + RowNames.CDS_ARCHIVE
            + ") or a process category (" + RowNames.THREAD_STACKS + ", " + RowNames.GC_STRUCTURES + ", " + RowNames.NATIVE_HEAP + ", "
            + RowNames.MAPPED_FILES + ", " + RowNames.OTHER_NATIVE + ")")
    public String region;

    @Label("Sub-Region")
    @Description("Sub-row: a heap space or region type, a code heap, a kind of thread or file, an NMT tag"
            + " (PS Eden Space, G1 Old Gen, CodeHeap 'profiled nmethods', Java Threads, Shared Libraries...),"
            + " or empty for the row itself")
    public String subRegion;

    @Label("Kind")
    @Description("What the top-level row is: jvm (one of the JVM's regions) or process (a category of the rest"
            + " of the process); empty in recordings made before rows carried their kind")
    public String kind;

    @Label("Start")
    @Description("Lowest reserved address")
    @MemoryAddress
    public long start;

    @Label("End")
    @Description("Highest reserved address, exclusive")
    @MemoryAddress
    public long end;

    @Label("Reserved")
    @Description("Address space the row owns: what the JVM reserved for a JVM region, the mappings of a process"
            + " category")
    @DataAmount
    public long reserved;

    @Label("Committed")
    @Description("Part of the address space that is mapped accessible")
    @DataAmount
    public long committed;

    @Label("Resident")
    @Description("Committed pages in physical memory (RAM), each counted once")
    @DataAmount
    public long resident;

    @Label("Swapped")
    @Description("Committed pages in swap")
    @DataAmount
    public long swapped;

    @Label("Huge Page")
    @Description("Resident bytes backed by transparent or hugetlb huge pages; -1 if not measured")
    @DataAmount
    public long hugePage;

    @Label("Large Folio")
    @Description("Resident bytes on large folios mapped page by page (multi-size THP, large page-cache folios),"
            + " not on huge pages; -1 if not measured (needs an explicit detail=full)")
    @DataAmount
    public long largeFolio;

    @Label("Zero Page")
    @Description("Bytes mapped to the kernel's shared zero page; -1 if not measured")
    @DataAmount
    public long zeroPage;

    @Label("Shared")
    @Description("Resident bytes mapped more than once, by other processes or other views; -1 if not measured"
            + " (method=scan needs detail=full)")
    @DataAmount
    public long shared;

    @Label("Proportional")
    @Description("Proportional set size: each resident page divided by the number of times it is mapped; -1 if"
            + " not measured (needs detail=full)")
    @DataAmount
    public long proportional;

    @Label("Written")
    @Description("Resident bytes written at least once during the scan's write window, each page counted once; -1"
            + " if not measured (needs a write window: the written option, or report --written)")
    @DataAmount
    public long written;

    @Label("Written Error")
    @Description("Standard error of written where the window watched a sample of the pages (writtenSample above 1):"
            + " written is within twice this of the true figure about 19 times in 20; 0 where every page was watched;"
            + " -1 if not measured (needs a write window: the written option, or report --written)")
    @DataAmount
    public long writtenError;

    @Label("Untracked")
    @Description("Resident bytes the write window could not watch (huge pages, memory mapped or replaced during the"
            + " window, memory that could not be registered): neither written nor not; -1 if not measured (needs a"
            + " write window: the written option, or report --written)")
    @DataAmount
    public long untracked;

    @Label("Peak Resident")
    @Description("The highest resident any scan saw since the agent started or its peaks were last reset")
    @DataAmount
    public long peakResident;

    @Label("Unreadable")
    @Description("Committed bytes whose page state could not be read; the other figures are short by these")
    @DataAmount
    public long unreadable;

    @Label("Resident Share")
    @Description("Resident as a share of committed (0 when nothing is committed), as a fraction 0 to 1")
    @Percentage
    public double residentPercent;

    @Label("Scan Time")
    @Description("When the scan these figures come from started")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long scanTime;
}
