package io.github.jvmpagemap.jvm;

import static io.github.jvmpagemap.jvm.Fixture.r;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MetaspaceNodesTest {

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void readsTheNonClassNodeAndTheClassSpaceNodeWithTheirReservedSizes(Fixture f) {
        MetaspaceNodes nodes = MetaspaceNodes.parse(f.vslist());

        assertEquals(List.of(f.metaspaceNode()), nodes.nonClass());
        assertEquals(List.of(f.classSpaceNode()), nodes.classSpace());
        assertEquals(64 * Fixture.MIB, nodes.nonClassReserved());
    }

    @Test
    void readsEveryNonClassNodeOnceMetaspaceHasGrown() {
        String vslist = "Virtual space lists:\n"
                + "   Non-Class:\n"
                + "vsl non-class-space:\n"
                + "- node #1: base 0x00007f3bc8000000: reserved=8192.00 KB, committed=64.00 KB ( <1%), used=64.00 KB ( <1%)\n"
                + " 0:0x00007f3bc8000000: CM\n"
                + "- node #0: base 0x00007f3baf000000: reserved=65536.00 KB, committed=65536.00 KB (100%), used=65536.00 KB (100%)\n"
                + " 0:0x00007f3baf000000: CMmlkjihgfedb\n"
                + "- total 2 nodes, 9437184 reserved words, 8396800 committed words.\n"
                + "\n"
                + "       Class:\n"
                + "vsl class-space:\n"
                + "- node #0: base 0x00007f3bb4000000: reserved=1048576.00 KB, committed=128.00 KB ( <1%), used=16384.00 KB (  2%)\n"
                + " 0:0x00007f3bb4000000: OoNmlkjihGfedcb\n"
                + "- total 1 nodes, 134217728 reserved words, 16384 committed words.\n";

        MetaspaceNodes nodes = MetaspaceNodes.parse(vslist);

        assertEquals(List.of(r(0x7f3bc8000000L, 0x7f3bc8800000L), r(0x7f3baf000000L, 0x7f3bb3000000L)),
                nodes.nonClass());
        assertEquals(List.of(r(0x7f3bb4000000L, 0x7f3bf4000000L)), nodes.classSpace());
        assertEquals(72 * Fixture.MIB, nodes.nonClassReserved());
    }

    @Test
    void findsNoNodesInOutputWithoutVirtualSpaceLists() {
        MetaspaceNodes nodes = MetaspaceNodes.parse("Unknown diagnostic command\n");

        assertEquals(List.of(), nodes.nonClass());
        assertEquals(List.of(), nodes.classSpace());
        assertEquals(0, nodes.nonClassReserved());
    }
}
