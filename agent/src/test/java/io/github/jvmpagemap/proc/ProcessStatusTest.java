package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStatusTest {
    // Captured from a process that had touched 80 MiB and freed it: VmHWM is far above VmRSS.
    private static final String STATUS = "Name:\tpython3\n"
            + "Umask:\t0022\n"
            + "State:\tR (running)\n"
            + "Tgid:\t15702\n"
            + "Pid:\t15702\n"
            + "Uid:\t0\t0\t0\t0\n"
            + "FDSize:\t256\n"
            + "VmPeak:\t   98504 kB\n"
            + "VmSize:\t   16580 kB\n"
            + "VmLck:\t       0 kB\n"
            + "VmPin:\t       0 kB\n"
            + "VmHWM:\t   95220 kB\n"
            + "VmRSS:\t   13552 kB\n"
            + "RssAnon:\t    6868 kB\n"
            + "RssFile:\t    6684 kB\n"
            + "RssShmem:\t       0 kB\n"
            + "VmData:\t    7960 kB\n"
            + "VmSwap:\t       0 kB\n"
            + "Threads:\t1\n";

    @Test
    void readsVmRssInBytes() {
        assertEquals(13552L * 1024, ProcessStatus.parseVmRss(STATUS));
    }

    @Test
    void aStatusWithoutVmRssGivesMinusOne() {
        // Kernel threads have no VmRSS line.
        assertEquals(-1, ProcessStatus.parseVmRss("Name:\tkthreadd\nState:\tS (sleeping)\nThreads:\t1\n"));
    }

    @Test
    void readsTheStatusFile(@TempDir Path dir) throws IOException {
        Path status = Files.writeString(dir.resolve("status"), STATUS);

        assertEquals(13552L * 1024, ProcessStatus.residentBytes(status));
    }

    @Test
    void aMissingStatusFileGivesMinusOne(@TempDir Path dir) {
        assertEquals(-1, ProcessStatus.residentBytes(dir.resolve("status")));
    }

    @Test
    void rootHasSysAdminInCapEff() {
        assertTrue(ProcessStatus.hasCapability("Name:\tjava\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
                + "CapEff:\t000001ffffffffff\n", ProcessStatus.CAP_SYS_ADMIN));
    }

    @Test
    void permittedButNotEffectiveIsNotEnough() {
        assertFalse(ProcessStatus.hasCapability("CapPrm:\t0000000000200000\nCapEff:\t0000000000000000\n",
                ProcessStatus.CAP_SYS_ADMIN));
        assertTrue(ProcessStatus.hasCapability("CapEff:\t0000000000200000\n", ProcessStatus.CAP_SYS_ADMIN));
    }
}
