package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures from {@code /proc/<pid>/status}. */
public final class ProcessStatus {
    private ProcessStatus() {
    }

    /** VmRSS in bytes, or -1 when the file or the line is missing. */
    public static long residentBytes(Path status) {
        try {
            return parseVmRss(Files.readString(status));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long parseVmRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String value = line.substring("VmRSS:".length()).trim();
                int space = value.indexOf(' ');
                long kib = Long.parseLong(space < 0 ? value : value.substring(0, space));
                return kib * 1024;
            }
        }
        return -1;
    }
}
