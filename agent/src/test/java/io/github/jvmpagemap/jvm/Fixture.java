package io.github.jvmpagemap.jvm;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.proc.MemoryMaps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The captured outputs under {@code src/test/resources/fixtures}, one idle JVM each
 * ({@code -Xmx1g}), with the addresses read from those files by hand.
 */
enum Fixture {
    JDK17_G1("jdk17-G1", Collector.G1, r(0xc0000000L, 0x100000000L),
            0x7f3baf000000L, 0x7f3bb4000000L,
            r(0x7f3c18ec7000L, 0x7f3c20400000L), r(0x7f3c11400000L, 0x7f3c18938000L),
            r(0x7f3c18938000L, 0x7f3c18ec7000L), r(0x7f3bb3000000L, 0x7f3bb3bc7000L)),
    JDK17_PARALLEL("jdk17-Parallel", Collector.PARALLEL, r(0xc0000000L, 0x100000000L),
            0x7fa1d5000000L, 0x7fa1da000000L,
            r(0x7fa228ec7000L, 0x7fa230400000L), r(0x7fa221400000L, 0x7fa228938000L),
            r(0x7fa228938000L, 0x7fa228ec7000L), r(0x7fa1d9000000L, 0x7fa1d9bc7000L)),
    JDK17_SERIAL("jdk17-Serial", Collector.SERIAL, r(0xc0000000L, 0x100000000L),
            0x7f1ccc000000L, 0x7f1cd1000000L,
            r(0x7f1d18ec7000L, 0x7f1d20400000L), r(0x7f1d11400000L, 0x7f1d18938000L),
            r(0x7f1d18938000L, 0x7f1d18ec7000L), r(0x7f1cd0000000L, 0x7f1cd0bc7000L)),
    JDK17_SHENANDOAH("jdk17-Shenandoah", Collector.SHENANDOAH, r(0xc0000000L, 0x100000000L),
            0x7fdca3000000L, 0x7fdca8000000L,
            r(0x7fdcfcec7000L, 0x7fdd04400000L), r(0x7fdcf5400000L, 0x7fdcfc938000L),
            r(0x7fdcfc938000L, 0x7fdcfcec7000L), r(0x7fdca7000000L, 0x7fdca7bc7000L)),
    JDK17_Z("jdk17-Z", Collector.ZGC, r(0x40000000000L, 0x40400000000L),
            0x7fc0f7000000L, 0x7fc0fc000000L,
            r(0x7fc368ec7000L, 0x7fc370400000L), r(0x7fc361400000L, 0x7fc368938000L),
            r(0x7fc368938000L, 0x7fc368ec7000L), r(0x7fc0fb000000L, 0x7fc0fbb9e000L)),
    JDK25_G1("jdk25-G1", Collector.G1, r(0xc0000000L, 0x100000000L),
            0x7f6378000000L, 0x0e000000L,
            r(0x7f639fec7000L, 0x7f63a7400000L), r(0x7f63983ff000L, 0x7f639f938000L),
            r(0x7f639f938000L, 0x7f639fec7000L), r(0x0d000000L, 0x0dd95000L)),
    JDK25_PARALLEL("jdk25-Parallel", Collector.PARALLEL, r(0xc0000000L, 0x100000000L),
            0x7fedfc000000L, 0x59000000L,
            r(0x7fee13ec7000L, 0x7fee1b400000L), r(0x7fee0c3ff000L, 0x7fee13938000L),
            r(0x7fee13938000L, 0x7fee13ec7000L), r(0x58000000L, 0x58d95000L)),
    JDK25_SERIAL("jdk25-Serial", Collector.SERIAL, r(0xc0000000L, 0x100000000L),
            0x7f7624000000L, 0x27000000L,
            r(0x7f7633ec7000L, 0x7f763b400000L), r(0x7f762c3ff000L, 0x7f7633938000L),
            r(0x7f7633938000L, 0x7f7633ec7000L), r(0x26000000L, 0x26d95000L)),
    JDK25_SHENANDOAH("jdk25-Shenandoah", Collector.SHENANDOAH, r(0xc0000000L, 0x100000000L),
            0x7fa964000000L, 0x78000000L,
            r(0x7fa987ec7000L, 0x7fa98f400000L), r(0x7fa9803ff000L, 0x7fa987938000L),
            r(0x7fa987938000L, 0x7fa987ec7000L), r(0x77000000L, 0x77d95000L)),
    JDK25_Z("jdk25-Z", Collector.ZGC, r(0x40000000000L, 0x40400000000L),
            0x7ff464000000L, 0x18000000L,
            r(0x7ff49bec7000L, 0x7ff4a3400000L), r(0x7ff4943ff000L, 0x7ff49b938000L),
            r(0x7ff49b938000L, 0x7ff49bec7000L), r(0x17000000L, 0x17d96000L));

    static final long MIB = 1L << 20;
    /** Every fixture's non-class node: {@code reserved=65536.00 KB}. */
    static final long NON_CLASS_NODE_SIZE = 64 * MIB;
    /** Every fixture's class-space node: {@code reserved=1048576.00 KB}. */
    static final long CLASS_NODE_SIZE = 1024 * MIB;

    final String dir;
    final Collector collector;
    /** The Java Heap region: GC.heap_info's reservation, or for ZGC the first view in the maps. */
    final AddressRange heap;
    final long metaspaceBase;
    final long classSpaceBase;
    final AddressRange nonProfiled;
    final AddressRange profiled;
    final AddressRange nonNMethods;
    final AddressRange cds;

    Fixture(String dir, Collector collector, AddressRange heap, long metaspaceBase, long classSpaceBase,
            AddressRange nonProfiled, AddressRange profiled, AddressRange nonNMethods, AddressRange cds) {
        this.dir = dir;
        this.collector = collector;
        this.heap = heap;
        this.metaspaceBase = metaspaceBase;
        this.classSpaceBase = classSpaceBase;
        this.nonProfiled = nonProfiled;
        this.profiled = profiled;
        this.nonNMethods = nonNMethods;
        this.cds = cds;
    }

    static AddressRange r(long start, long end) {
        return new AddressRange(start, end);
    }

    AddressRange metaspaceNode() {
        return r(metaspaceBase, metaspaceBase + NON_CLASS_NODE_SIZE);
    }

    AddressRange classSpaceNode() {
        return r(classSpaceBase, classSpaceBase + CLASS_NODE_SIZE);
    }

    String heapInfo() {
        return read("GC.heap_info.txt");
    }

    String codecache() {
        return read("Compiler.codecache.txt");
    }

    String vslist() {
        return read("VM.metaspace_vslist.txt");
    }

    String vmInfo() {
        return read("VM.info.txt");
    }

    String mapsText() {
        return read("maps.txt");
    }

    MemoryMaps maps() {
        return MemoryMaps.parse(mapsText());
    }

    /** The output of a diagnostic command, by the command line jcmd would be given. */
    String output(String command) {
        return switch (command) {
            case "GC.heap_info" -> heapInfo();
            case "Compiler.codecache" -> codecache();
            case "VM.metaspace vslist" -> vslist();
            case "VM.info" -> vmInfo();
            default -> throw new DiagnosticCommandException("no fixture for " + command, null);
        };
    }

    String read(String file) {
        String resource = "/fixtures/" + dir + "/" + file;
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
