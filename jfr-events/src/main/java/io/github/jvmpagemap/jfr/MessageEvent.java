package io.github.jvmpagemap.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A line the agent printed on stderr, so that a recording holds what the agent said during the run. */
@Name(MessageEvent.NAME)
@Label("Agent Message")
@Category("JVM Pagemap")
@Description("A line the jvm-pagemap agent printed on stderr: a note (a choice auto made, a figure shown as n/a, a"
        + " capability this runtime lacks) or a problem (something it could not read or do)")
@StackTrace(false)
@Enabled(false)
public final class MessageEvent extends Event {
    public static final String NAME = "jvmpagemap.Message";
    /** The severity of an informational line, printed {@code jvm-pagemap: note: ...}. */
    public static final String NOTE = "note";
    /** The severity of a problem or a refusal, printed {@code jvm-pagemap: ...}. */
    public static final String PROBLEM = "problem";

    @Label("Severity")
    @Description("note (information) or problem (something the agent could not read or do)")
    public String severity;

    @Label("Message")
    @Description("The line as the agent printed it, without its prefix")
    public String message;
}
