package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's effective capabilities, from the {@code CapEff} line of {@code /proc/<pid>/status}. */
public final class Capabilities {
    /** include/uapi/linux/capability.h: needed for frame numbers in pagemap and for kpageflags. */
    static final int CAP_SYS_ADMIN = 21;

    private Capabilities() {
    }

    /** True if the process has CAP_SYS_ADMIN; false if not, or if the status cannot be read. */
    public static boolean hasSysAdmin(Path status) {
        try {
            return hasCapability(Files.readString(status), CAP_SYS_ADMIN);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean hasCapability(String status, int capability) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                return (mask & (1L << capability)) != 0;
            }
        }
        return false;
    }
}
