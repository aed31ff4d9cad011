package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStatusTest {
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

    @Test
    void aStatusThatCannotBeReadOrHasNoMaskSaysSoInsteadOfAnsweringNo(@TempDir Path dir) throws IOException {
        IOException missing = assertThrows(IOException.class, () -> ProcessStatus.hasSysAdmin(dir.resolve("status")));
        assertTrue(missing.getMessage().startsWith(dir.resolve("status") + " cannot be read"), missing.getMessage());
        Path empty = Files.createFile(dir.resolve("empty"));
        IOException noMask = assertThrows(IOException.class, () -> ProcessStatus.hasSysAdmin(empty));
        assertEquals(empty + " has no CapEff line that reads as a capability mask", noMask.getMessage());
        Path garbled = Files.writeString(dir.resolve("garbled"), "CapEff:\tzz\n");
        assertThrows(IOException.class, () -> ProcessStatus.hasSysAdmin(garbled));
    }
}
