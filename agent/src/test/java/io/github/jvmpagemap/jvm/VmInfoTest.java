package io.github.jvmpagemap.jvm;

import static io.github.jvmpagemap.jvm.Fixture.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VmInfoTest {

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void readsTheCdsArchiveFromItsBaseToTheEndOfItsLastRegion(Fixture f) {
        assertEquals(Optional.of(f.cds), VmInfo.cdsArchive(f.vmInfo()));
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK17_Z", "JDK25_Z"}, mode = EnumSource.Mode.EXCLUDE)
    void readsTheHeapAddressAndSizeOfACompressedOopsHeap(Fixture f) {
        // "Heap address: 0x00000000c0000000, size: 1024 MB, Compressed Oops mode: 32-bit"
        assertEquals(Optional.of(r(0xc0000000L, 0x100000000L)), VmInfo.heap(f.vmInfo()));
    }

    @ParameterizedTest
    @EnumSource(names = {"JDK17_Z", "JDK25_Z"})
    void findsNoHeapAddressForZgcWhichHasNoCompressedOops(Fixture f) {
        assertEquals(Optional.empty(), VmInfo.heap(f.vmInfo()));
    }

    @Test
    void findsNeitherWhenSharingIsOffAndTheLinesAreAbsent() {
        String vmInfo = "# Java VM: OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1, mixed mode, tiered,"
                + " compressed class ptrs, z gc, linux-amd64)\n"
                + "\n"
                + "Command Line: -XX:+UseZGC -Xshare:off -Xmx1g Idle\n"
                + "\n"
                + "---------------  P R O C E S S  ---------------\n"
                + "\n"
                + "Compressed class space mapped at: 0x0000000800000000-0x0000000840000000,"
                + " reserved size: 1073741824\n"
                + "Narrow klass base: 0x0000000800000000, Narrow klass shift: 0, Narrow klass range: 0x40000000\n";

        assertEquals(Optional.empty(), VmInfo.cdsArchive(vmInfo));
        assertEquals(Optional.empty(), VmInfo.heap(vmInfo));
    }

    @Test
    void readsTheCardTableAndBothMarkingBitmapsOfJdk17sG1() {
        String vmInfo = "Card table byte_map: [0x00007ff8db200000,0x00007ff8db400000] _byte_map_base: 0x00007ff8dac00000\n"
                + "\n"
                + "Marking Bits (Prev, Next): (CMBitMap*) 0x00007ff8d40559d0, (CMBitMap*) 0x00007ff8d4055a10\n"
                + " Prev Bits: [0x00007ff8da000000, 0x00007ff8db000000)\n"
                + " Next Bits: [0x00007ff8d9000000, 0x00007ff8da000000)\n"
                + "\n"
                + "Polling page: 0x00007ff8dd37e000\n";
        assertEquals(List.of(r(0x7ff8db200000L, 0x7ff8db400000L), r(0x7ff8da000000L, 0x7ff8db000000L),
                r(0x7ff8d9000000L, 0x7ff8da000000L)), VmInfo.gcStructures(vmInfo));
    }

    @Test
    void readsTheCardTableAndMarkingBitmapOfJdk25sG1AndParallel() {
        String g1 = "Card table byte_map: [0x00007f0bf9c00000,0x00007f0bf9e00000] _byte_map_base: 0x00007f0bf9600000\n"
                + "\n"
                + "Marking Bits: (CMBitMap*) 0x00007f0bf406cf10\n"
                + " Bits: [0x00007f0bf8c00000, 0x00007f0bf9c00000)\n";
        assertEquals(List.of(r(0x7f0bf9c00000L, 0x7f0bf9e00000L), r(0x7f0bf8c00000L, 0x7f0bf9c00000L)),
                VmInfo.gcStructures(g1));
        String parallel17 = "Marking Bits: (ParMarkBitMap*) 0x00007f6fd8544460\n"
                + " Begin Bits: [0x00007f6fd4600000, 0x00007f6fd5600000)\n"
                + " End Bits:   [0x00007f6fd5600000, 0x00007f6fd6600000)\n";
        assertEquals(List.of(r(0x7f6fd4600000L, 0x7f6fd5600000L), r(0x7f6fd5600000L, 0x7f6fd6600000L)),
                VmInfo.gcStructures(parallel17));
    }

    @Test
    void findsNoGcTableWhereTheCollectorPrintsNone() {
        String zgc = "ZGC Metadata Bits:\n Good:              0x0000100000000000\n Bad:               0x00002c0000000000\n";
        assertEquals(List.of(), VmInfo.gcStructures(zgc));
    }
}
