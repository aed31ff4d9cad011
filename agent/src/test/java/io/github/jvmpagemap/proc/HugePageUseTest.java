package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HugePageUseTest {
    @Test
    void hugePagesCanBackJvmMemoryOnlyWhenTheKernelOrTheJvmAsks() {
        String madvise = "always [madvise] never\n";
        String shmemNever = "always within_size advise [never] deny force\n";
        assertFalse(HugePageUse.possible(madvise, shmemNever, false));
        assertTrue(HugePageUse.possible(madvise, shmemNever, true), "-XX:+UseTransparentHugePages");
        assertTrue(HugePageUse.possible("[always] madvise never\n", shmemNever, false));
        assertTrue(HugePageUse.possible(madvise, "always within_size advise never deny [force]\n", false));
        assertTrue(HugePageUse.possible(null, null, false), "unknown: assume possible");
    }
}
