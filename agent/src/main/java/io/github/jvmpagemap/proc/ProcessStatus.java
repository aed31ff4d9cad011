package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures from {@code /proc/<pid>/status}: the effective capabilities. */
public final class ProcessStatus {
    /** include/uapi/linux/capability.h: needed for frame numbers in pagemap and for kpageflags. */
    static final int CAP_SYS_ADMIN = 21;

    private ProcessStatus() {
    }

    /** True if the process has CAP_SYS_ADMIN (in {@code CapEff}); false if not, or if the status cannot be read. */
    public static boolean hasSysAdmin(Path status) {
        try {
            return hasCapability(Files.readString(status), CAP_SYS_ADMIN);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean hasCapability(String status, int capability) {
        String mask = field(status, "CapEff:");
        return mask != null && (Long.parseUnsignedLong(mask, 16) & (1L << capability)) != 0;
    }

    /** The trimmed value of the line starting with {@code key}, or null if there is none. */
    private static String field(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                return line.substring(key.length()).trim();
            }
        }
        return null;
    }
}
