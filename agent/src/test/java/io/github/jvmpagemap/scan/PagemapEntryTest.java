package io.github.jvmpagemap.scan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PagemapEntryTest {
    private static final long BIT_63_PRESENT = 0x8000000000000000L;
    private static final long BIT_62_SWAPPED = 0x4000000000000000L;
    private static final long BIT_61_FILE_OR_SHARED = 0x2000000000000000L;
    private static final long BIT_56_EXCLUSIVE = 0x0100000000000000L;
    private static final long BIT_55_SOFT_DIRTY = 0x0080000000000000L;
    private static final long PFN_BITS_0_TO_54 = 0x007FFFFFFFFFFFFFL;

    @Test
    void bit63MeansPresentEvenWithTheFrameNumberHidden() {
        // Without CAP_SYS_ADMIN the kernel zeroes bits 0-54: bit 63 alone.
        assertTrue(PagemapEntry.isPresent(BIT_63_PRESENT));
        assertFalse(PagemapEntry.isSwapped(BIT_63_PRESENT));
    }

    @Test
    void bit62MeansSwapped() {
        assertTrue(PagemapEntry.isSwapped(BIT_62_SWAPPED));
        assertFalse(PagemapEntry.isPresent(BIT_62_SWAPPED));
    }

    @Test
    void anEntryWithNoFlagsIsNeitherPresentNorSwapped() {
        assertFalse(PagemapEntry.isPresent(0));
        assertFalse(PagemapEntry.isSwapped(0));
    }

    @Test
    void theOtherFlagsAloneMeanNeitherPresentNorSwapped() {
        long otherFlags = BIT_61_FILE_OR_SHARED | BIT_56_EXCLUSIVE | BIT_55_SOFT_DIRTY;

        assertFalse(PagemapEntry.isPresent(otherFlags));
        assertFalse(PagemapEntry.isSwapped(otherFlags));
    }

    @Test
    void aPresentPageWithEveryFrameNumberBitSetHasNoOtherFlag() {
        long everyPfnBit = BIT_63_PRESENT | PFN_BITS_0_TO_54;

        assertTrue(PagemapEntry.isPresent(everyPfnBit));
        assertFalse(PagemapEntry.isSwapped(everyPfnBit));
        assertFalse(PagemapEntry.isPresent(PFN_BITS_0_TO_54));
    }
}
