package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcessStatus;
import java.io.IOException;

/** Whether this process may read page frames, in the words the agent says it. */
public final class FrameAccess {
    private FrameAccess() {
    }

    /** Why {@code detail=auto} reads no page frames in this process, in words that follow "detail=basic: ". */
    public static String whyNotRead(ProcFiles proc) {
        try {
            return ProcessStatus.hasSysAdmin(proc.status()) ? proc.kpageflags() + " and " + proc.kpagecount()
                    + " cannot be opened" : "without CAP_SYS_ADMIN page frames cannot be examined";
        } catch (IOException e) {
            return "whether this process has CAP_SYS_ADMIN cannot be told (" + e.getMessage()
                    + "), so page frames are not examined";
        }
    }
}
