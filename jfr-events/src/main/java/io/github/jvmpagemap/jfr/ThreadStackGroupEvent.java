package io.github.jvmpagemap.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/** The stacks of a group of threads named alike, one event per group, the largest groups only. */
@Name(ThreadStackGroupEvent.NAME)
@Label("Thread Stack Group")
@Category("JVM Pagemap")
@Description("Resident and swapped stack memory of the threads whose names differ only in the number they end with"
        + " (http-nio-8080-exec-#), as one scan of the jvm-pagemap agent found them; the largest groups only")
@StackTrace(false)
@Enabled(false)
@Period("10 s")
public final class ThreadStackGroupEvent extends Event {
    public static final String NAME = "jvmpagemap.ThreadStackGroup";

    @Label("Group")
    @Description("The threads' name with its closing digits collapsed to #")
    public String group;

    @Label("Threads")
    @Description("Live threads in the group (0 for the stacks glibc keeps after their threads ended)")
    public int threads;

    @Label("Resident")
    @Description("The group's stack memory in RAM, in bytes")
    @DataAmount
    public long resident;

    @Label("Swapped")
    @Description("The group's stack memory in swap, in bytes")
    @DataAmount
    public long swapped;

    @Label("Scan Time")
    @Description("When the scan started")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long scanTime;
}
