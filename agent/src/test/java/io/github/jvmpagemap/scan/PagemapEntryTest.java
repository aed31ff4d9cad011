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
        assertFalse(PagemapEntry.isExclusive(BIT_63_PRESENT));
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
        assertFalse(PagemapEntry.isExclusive(0));
        assertFalse(PagemapEntry.isFileOrSharedAnon(0));
    }

    @Test
    void bit56MeansExclusivelyMapped() {
        assertTrue(PagemapEntry.isExclusive(BIT_63_PRESENT | BIT_56_EXCLUSIVE));
        assertFalse(PagemapEntry.isExclusive(BIT_63_PRESENT | BIT_55_SOFT_DIRTY));
    }

    @Test
    void bit61MeansAFileOrSharedAnonymousPage() {
        assertTrue(PagemapEntry.isFileOrSharedAnon(BIT_63_PRESENT | BIT_61_FILE_OR_SHARED));
        assertFalse(PagemapEntry.isFileOrSharedAnon(BIT_63_PRESENT | BIT_56_EXCLUSIVE));
    }

    @Test
    void aPresentPageWithEveryFrameNumberBitSetHasNoOtherFlag() {
        long everyPfnBit = BIT_63_PRESENT | PFN_BITS_0_TO_54;

        assertTrue(PagemapEntry.isPresent(everyPfnBit));
        assertFalse(PagemapEntry.isSwapped(everyPfnBit));
        assertFalse(PagemapEntry.isExclusive(everyPfnBit));
        assertFalse(PagemapEntry.isFileOrSharedAnon(everyPfnBit));
        assertFalse(PagemapEntry.isPresent(PFN_BITS_0_TO_54));
    }
}
