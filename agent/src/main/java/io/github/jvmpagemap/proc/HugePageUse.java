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
 * gives transparent huge pages to every anonymous mapping ({@code enabled=always}, or the
 * PMD size's own {@code hugepages-2048kB/enabled=always} on kernels with multi-size THP) or to
 * shared memory ({@code shmem_enabled} always/force/within_size, globally or for the PMD size:
 * ZGC's memfd heap), or when the JVM asks for them ({@code -XX:+UseTransparentHugePages},
 * {@code -XX:+UseLargePages}: madvise or hugetlbfs).
 */
public final class HugePageUse {
    static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage");

    private HugePageUse() {
    }

    public static boolean possibleInThisJvm() {
        Path pmdSize = pmdSizeDirectory();
        return possible(setting(THP.resolve("enabled")), setting(THP.resolve("shmem_enabled")),
                pmdSize == null ? null : setting(pmdSize.resolve("enabled")),
                pmdSize == null ? null : setting(pmdSize.resolve("shmem_enabled")),
                jvmFlag("UseTransparentHugePages") || jvmFlag("UseLargePages"));
    }

    /**
     * @param enabled, shmemEnabled the global files' contents, the active choice in brackets;
     *     null if unreadable
     * @param pmdEnabled, pmdShmemEnabled the PMD size's own files (multi-size THP, Linux 6.8+),
     *     null where the kernel has none; {@code inherit} there defers to the global setting
     */
    static boolean possible(String enabled, String shmemEnabled, String pmdEnabled, String pmdShmemEnabled,
            boolean jvmAsks) {
        if (jvmAsks || enabled == null) {
            return true;
        }
        boolean anonymous = enabled.contains("[always]") || pmdEnabled != null && pmdEnabled.contains("[always]");
        boolean shared = shmemEnabled == null || shmemEnabled.contains("[always]") || shmemEnabled.contains("[force]")
                || shmemEnabled.contains("[within_size]") || pmdShmemEnabled != null
                && (pmdShmemEnabled.contains("[always]") || pmdShmemEnabled.contains("[within_size]"));
        return anonymous || shared;
    }

    /** {@code hugepages-<PMD size>kB}, or null on a kernel without multi-size THP. */
    private static Path pmdSizeDirectory() {
        String size = setting(THP.resolve("hpage_pmd_size"));
        if (size == null) {
            return null;
        }
        try {
            Path dir = THP.resolve("hugepages-" + Long.parseLong(size.strip()) / 1024 + "kB");
            return Files.isDirectory(dir) ? dir : null;
        } catch (NumberFormatException e) {
            return null;
        }
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
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, no such flag, or a runtime without jdk.management: assume the worst, huge pages possible.
            return true;
        }
    }
}
