package io.github.jvmpagemap.samples.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What a test may need of this machine, each checked once, with the reason a test that needs it
 * gives when it skips. {@code .ci/run} provides them where it can, so that CI skips nothing.
 */
public enum Requirement {
    ROOT("needs root", () -> "root".equals(System.getProperty("user.name"))),
    SETPRIV("setpriv (util-linux) is needed to drop to nobody", () -> Files.isExecutable(Path.of("/usr/bin/setpriv"))),
    MOUNT_NAMESPACES("needs root and unshare -m, to bind-mount over a file for one process only",
            () -> ROOT.met() && Command.refusal("unshare", "-m", "true") == null),
    TRANSPARENT_HUGE_PAGES("transparent huge pages are disabled on this machine",
            () -> Files.exists(Host.THP_ENABLED) && !read(Host.THP_ENABLED).contains("[never]")),
    KSM("this kernel has no KSM (" + Host.KSM + ")", () -> Files.isWritable(Host.KSM.resolve("run"))),
    STRACE("strace is needed to see the system calls the agent makes", () -> Files.isExecutable(Path.of("/usr/bin/strace"))),
    MULTI_SIZE_THP(Host.MTHP_64K + " is not there: this kernel has no multi-size THP",
            () -> Files.isWritable(Host.MTHP_64K));

    private final String reason;
    private final BooleanSupplier check;
    private volatile Boolean met;

    Requirement(String reason, BooleanSupplier check) {
        this.reason = reason;
        this.check = check;
    }

    public boolean met() {
        Boolean known = met;
        if (known == null) {
            known = check.getAsBoolean();
            met = known;
        }
        return known;
    }

    public String reason() {
        return reason;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
