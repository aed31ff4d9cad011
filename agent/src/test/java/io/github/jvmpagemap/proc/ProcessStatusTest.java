package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
