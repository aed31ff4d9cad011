package io.github.jvmpagemap.samples.it.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of {@code /proc/<pid>/status}, as the kernel keeps them. */
public final class ProcStatus {
    private ProcStatus() {
    }

    /** VmRSS, in bytes. */
    public static long vmRss(long pid) throws IOException {
        return kilobytes(pid, "VmRSS");
    }

    /** VmHWM: the highest VmRSS the process has had (since its peak was last reset), in bytes. */
    public static long vmHwm(long pid) throws IOException {
        return kilobytes(pid, "VmHWM");
    }

    /** HugetlbPages: the hugetlb pages the process maps, which VmRSS leaves out, in bytes. */
    public static long hugetlbPages(long pid) throws IOException {
        return kilobytes(pid, "HugetlbPages");
    }

    private static long kilobytes(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }
}
