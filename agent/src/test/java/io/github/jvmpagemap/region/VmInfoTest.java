package io.github.jvmpagemap.region;

import static io.github.jvmpagemap.region.Fixture.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
