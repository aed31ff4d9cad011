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

    /**
     * True if the process has CAP_SYS_ADMIN (in {@code CapEff}), false if not.
     *
     * @throws IOException naming the reason if the status cannot be read or has no readable
     *     {@code CapEff} line: then nobody can tell
     */
    public static boolean hasSysAdmin(Path status) throws IOException {
        String text;
        try {
            text = Files.readString(status);
        } catch (IOException | RuntimeException e) {
            throw new IOException(status + " cannot be read (" + (e instanceof IOException io ? IoFailure.reason(io)
                    : e.toString()) + ")", e);
        }
        try {
            return hasCapability(text, CAP_SYS_ADMIN);
        } catch (IllegalArgumentException e) {
            throw new IOException(status + " has no CapEff line that reads as a capability mask", e);
        }
    }

    /** @throws IllegalArgumentException if there is no {@code CapEff} line, or it is not a mask */
    static boolean hasCapability(String status, int capability) {
        String mask = field(status, "CapEff:");
        if (mask == null) {
            throw new IllegalArgumentException("no CapEff line");
        }
        return (Long.parseUnsignedLong(mask, 16) & (1L << capability)) != 0;
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
