package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryMapsTest {
    // Line numbers below are 0-based indexes into the fixture files.
    private static final MemoryMaps G1 = MemoryMaps.parse(fixture("jdk17-G1"));
    private static final MemoryMaps ZGC = MemoryMaps.parse(fixture("jdk17-Z"));

    @Test
    void parsesEveryLineOfTheMaps() {
        assertEquals(202, G1.count());
        assertEquals(203, ZGC.count());
    }

    @Test
    void readsStartEndAndOffsetOfALine() {
        // c0000000-d7a00000 rw-p 00000000 00:00 0
        assertEquals(0xc0000000L, G1.start(0));
        assertEquals(0xd7a00000L, G1.end(0));
        assertEquals(0, G1.offset(0));
        // ffe00000-ffe75000 rw-p 00c77000 fe:00 328258 .../classes.jsa
        assertEquals(0xffe00000L, G1.start(2));
        assertEquals(0xffe75000L, G1.end(2));
        assertEquals(0xc77000L, G1.offset(2));
        // fff78000-100000000 rw-p 00000000 00:00 0
        assertEquals(0x100000000L, G1.end(5));
        // ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]
        assertEquals(0xffffffffff600000L, G1.start(201));
        assertEquals(0xffffffffff601000L, G1.end(201));
    }

    @Test
    void accessibleMeansAnyPermissionAndNotAReservation() {
        assertTrue(G1.accessible(0), "rw-p");
        assertFalse(G1.accessible(1), "---p");
        assertTrue(G1.accessible(6), "r--p");
        assertTrue(G1.accessible(201), "--xp");
        assertTrue(ZGC.accessible(0), "rw-s");
        assertFalse(ZGC.accessible(1), "---p");
    }

    @Test
    void classifiesAnonymousZgcHeapFileAndKernelNamedMappings() {
        assertEquals(MemoryMaps.ANONYMOUS, G1.kind(0));
        assertEquals(MemoryMaps.ANONYMOUS, G1.kind(1));
        assertEquals(MemoryMaps.FILE, G1.kind(2), "classes.jsa");
        assertEquals(MemoryMaps.PSEUDO, G1.kind(11), "[heap]");
        assertEquals(MemoryMaps.PSEUDO, G1.kind(200), "[stack]");
        assertEquals(MemoryMaps.ZGC_HEAP, ZGC.kind(0), "/memfd:java_heap (deleted)");
        assertEquals(MemoryMaps.ANONYMOUS, ZGC.kind(1));
        assertEquals(MemoryMaps.ZGC_HEAP, ZGC.kind(4), "at 100000000000, offset 0");
        assertEquals(0, ZGC.offset(4));
    }

    @Test
    void keepsEachMappingsPathAndPermissions() {
        assertEquals("", G1.path(0));
        assertEquals(MemoryMaps.READ | MemoryMaps.WRITE, G1.permissions(0), "rw-p");
        assertEquals(0, G1.permissions(1), "---p");
        assertTrue(G1.path(2).endsWith("/lib/server/classes.jsa"), G1.path(2));
        assertEquals("[heap]", G1.path(11));
        assertEquals("[stack]", G1.path(200));
        assertEquals(MemoryMaps.EXECUTE, G1.permissions(201), "--xp [vsyscall]");
        assertEquals(MemoryMaps.READ | MemoryMaps.WRITE | MemoryMaps.SHARED, ZGC.permissions(0), "rw-s");
        assertEquals("/memfd:java_heap (deleted)", ZGC.path(0));
    }

    @Test
    void findsTheFirstMappingEndingAfterAnAddress() {
        assertEquals(0, G1.firstEndingAfter(0));
        assertEquals(0, G1.firstEndingAfter(0xc0000000L));
        assertEquals(0, G1.firstEndingAfter(0xd79fffffL));
        assertEquals(1, G1.firstEndingAfter(0xd7a00000L), "ends are exclusive");
        assertEquals(6, G1.firstEndingAfter(0x200000000L), "in the gap before the java binary");
        assertEquals(200, G1.firstEndingAfter(0x7ffc28900000L), "inside [stack], just below [vsyscall]");
        assertEquals(201, G1.firstEndingAfter(0x7ffc28916000L));
        assertEquals(202, G1.firstEndingAfter(0xffffffffff601000L), "past the last mapping");
    }

    @Test
    void anAddressIsMappedWhenAccessibleOrReservedButNotInAGap() {
        assertTrue(G1.isMapped(0xc0000000L));
        assertTrue(G1.isMapped(0xd7a00000L), "---p reservation");
        assertFalse(G1.isMapped(0x200000000L), "gap");
        assertTrue(G1.isMapped(0x7ffc28900000L), "[stack]");
        assertFalse(G1.isMapped(0x7ffc28916000L), "gap between [stack] and [vsyscall]");
        assertTrue(G1.isMapped(0xffffffffff600000L), "[vsyscall]");
    }

    @Test
    void readsAFileLargerThanItsInitialBufferAndReplacesTheContentsOnTheNextRead(@TempDir Path dir)
            throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 6000; i++) {
            long start = 0x7f0000000000L + i * 0x2000L;
            big.append(String.format("%x-%x r--p %08x fe:00 %d                     /usr/lib/x86_64-linux-gnu/lib%04d.so%n",
                    start, start + 0x1000, i * 0x1000, 400000 + i, i));
        }
        Path bigFile = Files.writeString(dir.resolve("big"), big, StandardCharsets.US_ASCII);
        Path smallFile = Files.writeString(dir.resolve("small"), "10000-11000 rw-p 00000000 00:00 0 \n",
                StandardCharsets.US_ASCII);
        assertTrue(Files.size(bigFile) > 2 * 256 * 1024, "needs the buffer to grow twice");
        MemoryMaps maps = new MemoryMaps();

        maps.read(bigFile);

        assertEquals(6000, maps.count());
        // the last line: 7f0002ede000-7f0002edf000 r--p 0176f000 ... lib5999.so
        assertEquals(0x7f0002ede000L, maps.start(5999));
        assertEquals(0x7f0002edf000L, maps.end(5999));
        assertEquals(0x176f000L, maps.offset(5999));
        assertEquals(MemoryMaps.FILE, maps.kind(5999));
        assertEquals("/usr/lib/x86_64-linux-gnu/lib5999.so", maps.path(5999));
        assertEquals(MemoryMaps.READ, maps.permissions(5999));

        maps.read(smallFile);

        assertEquals(1, maps.count());
        assertEquals(0x10000L, maps.start(0));
        assertEquals(0x11000L, maps.end(0));
    }

    private static String fixture(String dir) {
        try (InputStream in = MemoryMapsTest.class.getResourceAsStream("/fixtures/" + dir + "/maps.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
