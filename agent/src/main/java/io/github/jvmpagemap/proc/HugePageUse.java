package io.github.jvmpagemap.proc;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether huge pages can back any JVM region at all. When they cannot, a JVM region's
 * hugePage is known to be zero without reading {@code /proc/self/smaps}, which makes the
 * kernel walk every page table of the process. Huge pages can back JVM memory when the kernel
 * gives transparent huge pages to every anonymous mapping ({@code enabled=always}) or to
 * shared memory ({@code shmem_enabled} always/force: ZGC's memfd heap), or when the JVM asks
 * for them ({@code -XX:+UseTransparentHugePages}, {@code -XX:+UseLargePages}: madvise or
 * hugetlbfs).
 */
public final class HugePageUse {
    static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage");

    private HugePageUse() {
    }

    public static boolean possibleInThisJvm() {
        return possible(setting(THP.resolve("enabled")), setting(THP.resolve("shmem_enabled")),
                jvmFlag("UseTransparentHugePages") || jvmFlag("UseLargePages"));
    }

    /** @param enabled, shmemEnabled the files' contents, the active choice in brackets; null if unreadable */
    static boolean possible(String enabled, String shmemEnabled, boolean jvmAsks) {
        if (jvmAsks || enabled == null) {
            return true;
        }
        return enabled.contains("[always]") || shmemEnabled == null || shmemEnabled.contains("[always]")
                || shmemEnabled.contains("[force]") || shmemEnabled.contains("[within_size]");
    }

    private static String setting(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean jvmFlag(String name) {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption(name).getValue());
        } catch (RuntimeException e) {
            // Not HotSpot, or no such flag: assume the worst, huge pages possible.
            return true;
        }
    }
}
