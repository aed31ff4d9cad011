package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HugePageUseTest {
    @Test
    void hugePagesCanBackJvmMemoryOnlyWhenTheKernelOrTheJvmAsks() {
        String madvise = "always [madvise] never\n";
        String shmemNever = "always within_size advise [never] deny force\n";
        assertFalse(HugePageUse.possible(madvise, shmemNever, null, null, false));
        assertTrue(HugePageUse.possible(madvise, shmemNever, null, null, true), "-XX:+UseTransparentHugePages");
        assertTrue(HugePageUse.possible("[always] madvise never\n", shmemNever, null, null, false));
        assertTrue(HugePageUse.possible(madvise, "always within_size advise never deny [force]\n", null, null, false));
        assertTrue(HugePageUse.possible(null, null, null, null, false), "unknown: assume possible");
    }

    @Test
    void thePmdSizesOwnSettingCountsUnlessItInheritsTheGlobalOne() {
        String madvise = "always [madvise] never\n";
        String shmemNever = "always within_size advise [never] deny force\n";
        String inherit = "always [inherit] madvise never\n";
        String shmemInherit = "always [inherit] within_size advise never\n";
        assertFalse(HugePageUse.possible(madvise, shmemNever, inherit, shmemInherit, false));
        assertTrue(HugePageUse.possible(madvise, shmemNever, "[always] inherit madvise never\n", shmemInherit, false));
        assertTrue(HugePageUse.possible(madvise, shmemNever, inherit, "always inherit [within_size] advise never\n",
                false));
        assertFalse(HugePageUse.possible(madvise, shmemNever, "always inherit [madvise] never\n", shmemInherit, false),
                "madvise needs the JVM to ask");
    }
}
