package io.github.jvmpagemap.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.jvm.DiagnosticCommandException;
import io.github.jvmpagemap.jvm.DiagnosticCommands;
import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Evidence;
import io.github.jvmpagemap.layout.LayoutSource;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.layout.StackGroups;
import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcessThreads;
import io.github.jvmpagemap.rows.RowKind;
import io.github.jvmpagemap.rows.RowNames;
import io.github.jvmpagemap.scan.MemoryWords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCategoriesTest {
    private static final long PAGE = 4096;
    private static final String MAPS = String.join("\n",
            "c0000000-d0000000 rw-p 00000000 00:00 0",
            "d0000000-100000000 ---p 00000000 00:00 0",
            "55d0a0000000-55d0a0001000 r--p 00000000 08:01 123                        /usr/lib/jvm/bin/java",
            "55d0a1000000-55d0a1200000 rw-p 00000000 00:00 0                          [heap]",
            "7f0004000000-7f0004021000 rw-p 00000000 00:00 0",
            "7f0004021000-7f0008000000 ---p 00000000 00:00 0",
            "7f1000000000-7f1004000000 rw-p 00000000 00:00 0",
            "7f1010000000-7f1012000000 rw-p 00000000 00:00 0",
            "7f2000000000-7f2000004000 ---p 00000000 00:00 0",
            "7f2000004000-7f2000100000 rw-p 00000000 00:00 0",
            "7f2000100000-7f2000101000 ---p 00000000 00:00 0",
            "7f2000101000-7f2000201000 rw-p 00000000 00:00 0",
            "7f2000300000-7f2000301000 ---p 00000000 00:00 0",
            "7f2000301000-7f2000401000 rw-p 00000000 00:00 0",
            "7f3000000000-7f3000200000 rw-p 00000000 00:00 0",
            "7f4000000000-7f4000100000 r--s 00000000 00:05 77                         /memfd:shared (deleted)",
            "7f5000000000-7f5008000000 r--p 00000000 08:01 55                         /usr/lib/jvm/lib/modules",
            "7f6000000000-7f6000020000 r-xp 00000000 08:01 56                         /usr/lib/x86_64-linux-gnu/libc.so.6",
            "7f6000100000-7f6000110000 r-xp 00000000 08:01 57                         /usr/lib/jvm/lib/server/libjvm.so",
            "7f6000200000-7f6000300000 r--p 00000000 08:01 58                         /tmp/data.bin",
            "7f6000400000-7f6000500000 r--p 00000000 08:01 59                         /usr/share/foo.sox",
            "7f7000000000-7f7000200000 r--p 00000000 08:01 60                         /usr/lib/jvm/lib/server/classes.jsa",
            "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]",
            "7ffd00100000-7ffd00102000 r-xp 00000000 00:00 0                          [vdso]",
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]",
            "");

    @TempDir
    Path proc;
    private final Map<Long, long[]> memory = new HashMap<>();
    private int reads;
    private final MemoryWords words = (address, into, count) -> {
        reads++;
        long[] at = memory.get(address);
        if (at == null) {
            return false;
        }
        java.util.Arrays.fill(into, 0, count, 0);
        System.arraycopy(at, 0, into, 0, Math.min(count, at.length));
        return true;
    };
    private final List<String> javaThreads = new ArrayList<>(List.of("main", "worker-1"));
    private MemoryMaps maps;
    private ProcessCategories categories;

    @BeforeEach
    void process() throws IOException {
        maps = MemoryMaps.parse(MAPS);
        thread(1, "java", 0x7ffd00020000L); // the launcher's first thread, in [stack]
        thread(2, "java", 0x7f2000050000L); // the launcher's thread that runs main: a Java thread
        thread(3, "GC Thread#0", 0x7f2000180000L);
        thread(4, "worker-1", 0x7f2000380000L);
        memory.put(0x7f0004000000L, new long[] {0x7f0004000030L, 0, 0x21000, 0x21000}); // an arena's heap_info
        memory.put(0x7f1000000000L, new long[] {0, (64L << 20) | 0x2}); // a chunk glibc mapped
        memory.put(0x7f1010000000L, new long[] {0, 0}); // mapped by someone else: zeros
        categories = new ProcessCategories(jvmLayout(), new ProcessThreads(new ProcFiles(proc)), words, () -> { },
                () -> javaThreads, NMT_OFF, PAGE);
    }

    private static final NativeMemoryTracking NMT_OFF = new NativeMemoryTracking(null, 0, "off");

    private static AddressRange r(long start, long end) {
        return new AddressRange(start, end);
    }

    /** The JVM's layout: a heap, an archive, and the collector's side table the JVM reports. */
    private static LayoutSource jvmLayout() {
        return m -> new RegionLayout(List.of(
                new Region(RowNames.JAVA_HEAP, List.of(r(0xc0000000L, 0x100000000L))),
                new Region(RowNames.CDS_ARCHIVE, List.of(r(0x7f7000000000L, 0x7f7000100000L)))),
                Collector.G1, List.of(), 1, List.of(r(0x7f3000000000L, 0x7f3000200000L)));
    }

    @Test
    void putsTheRowsAfterTheJvmRegionsInTheirOrder() {
        RegionLayout layout = categories.refresh(maps);

        assertEquals(List.of(RowNames.JAVA_HEAP, RowNames.CDS_ARCHIVE, RowNames.THREAD_STACKS,
                RowNames.GC_STRUCTURES, RowNames.NATIVE_HEAP, RowNames.MAPPED_FILES,
                RowNames.OTHER_NATIVE), layout.regions().stream().map(Region::name).toList());
        assertEquals(List.of(Set.of(Evidence.JVM_REPORT), Set.of(Evidence.JVM_REPORT),
                Set.of(Evidence.THREAD_STACK_POINTERS, Evidence.MEMORY_MAPS), Set.of(Evidence.JVM_REPORT),
                Set.of(Evidence.MEMORY_MAPS, Evidence.MALLOC_HEADERS), Set.of(Evidence.MEMORY_MAPS),
                Set.of(Evidence.MEMORY_MAPS)), layout.regions().stream().map(Region::evidence).toList(),
                "how each row was found, recorded where it was: GC Structures from the JVM's report");
        assertEquals(List.of(), layout.problems());
    }

    @Test
    void findsStacksByTheirThreadsStackPointersWithTheGuardPagesBelow() {
        RegionLayout layout = categories.refresh(maps);

        Region stacks = row(layout, RowNames.THREAD_STACKS);
        assertEquals(List.of(r(0x7f2000000000L, 0x7f2000100000L), r(0x7f2000300000L, 0x7f2000401000L)),
                sub(stacks, RowNames.JAVA_THREADS).ranges(), "main's (named as the process) and worker-1's");
        assertEquals(List.of(r(0x7f2000100000L, 0x7f2000201000L), r(0x7ffd00000000L, 0x7ffd00021000L)),
                sub(stacks, RowNames.JVM_THREADS).ranges(), "GC Thread#0's and the process's [stack]");
    }

    @Test
    void groupsTheStacksByThreadNameWithTheJavaNameWhereTheKernelCutItShort() throws IOException {
        javaThreads.add("http-nio-8080-exec-1");
        javaThreads.add("http-nio-8080-exec-2");
        thread(4, "http-nio-8080-e", 0x7f2000380000L); // the kernel keeps 15 bytes of a name
        RegionLayout layout = categories.refresh(maps);
        StackGroups groups = row(layout, RowNames.THREAD_STACKS).stackGroups();

        List<String> found = new ArrayList<>();
        for (int g = 0; g < groups.count(); g++) {
            found.add(groups.name(g) + " x" + groups.threads(g));
        }
        assertEquals(List.of("java x2", "GC Thread# x1", "http-nio-8080-exec-# x1"), found,
                "main and the first thread share the process's name; the Java threads of one kernel name collapse alike");
        assertEquals(2, groups.groupAt(0x7f2000380000L));
        assertEquals(List.of(r(0x7f2000000000L, 0x7f2000100000L), r(0x7f2000300000L, 0x7f2000401000L)),
                sub(row(layout, RowNames.THREAD_STACKS), RowNames.JAVA_THREADS).ranges());
    }

    @Test
    void findsGlibcsHeapArenasAndMappedChunksByTheirHeadersAndNothingElse() {
        RegionLayout layout = categories.refresh(maps);

        assertEquals(List.of(r(0x55d0a1000000L, 0x55d0a1200000L), r(0x7f0004000000L, 0x7f0008000000L),
                r(0x7f1000000000L, 0x7f1004000000L)), row(layout, RowNames.NATIVE_HEAP).ranges(),
                "[heap], an arena's heap with its reservation, a mapped chunk");
        assertEquals(List.of(r(0x7f1010000000L, 0x7f1012000000L), r(0x7f4000000000L, 0x7f4000100000L),
                r(0x7ffd00100000L, 0x7ffd00102000L)), row(layout, RowNames.OTHER_NATIVE).ranges(),
                "memory mapped directly, a memfd, [vdso]");
    }

    @Test
    void sortsMappedFilesByWhatTheyAreAndCutsThemWhereAJvmRegionEnds() {
        Region files = row(categories.refresh(maps), RowNames.MAPPED_FILES);

        assertEquals(List.of(r(0x7f6000000000L, 0x7f6000020000L), r(0x7f6000100000L, 0x7f6000110000L)),
                sub(files, RowNames.SHARED_LIBRARIES).ranges());
        assertEquals(List.of(r(0x7f5000000000L, 0x7f5008000000L)), sub(files, RowNames.JDK_MODULES).ranges());
        assertEquals(List.of(r(0x55d0a0000000L, 0x55d0a0001000L), r(0x7f6000200000L, 0x7f6000300000L),
                r(0x7f6000400000L, 0x7f6000500000L), r(0x7f7000100000L, 0x7f7000200000L)),
                sub(files, RowNames.OTHER_FILES).ranges(), "the archive's file beyond the CDS Archive region");
    }

    @Test
    void givesEveryByteOfEveryMappingExactlyOneRow() {
        RegionLayout layout = categories.refresh(maps);

        List<AddressRange> all = new ArrayList<>();
        for (Region region : layout.regions()) {
            all.addAll(region.ranges());
        }
        all.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).end() <= all.get(i).start(), () -> "rows overlap: " + all);
        }
        long mapped = 0;
        for (int i = 0; i < maps.count(); i++) {
            mapped += maps.start(i) >= 0 ? maps.end(i) - maps.start(i) : 0;
        }
        assertEquals(mapped, all.stream().mapToLong(AddressRange::size).sum(), "[vsyscall] alone has no row");
    }

    @Test
    void readsMemoryOnlyWhenTheMappingsOrThreadsChange() throws IOException {
        categories.refresh(maps);
        int first = reads;

        categories.refresh(MemoryMaps.parse(MAPS));
        assertEquals(first, reads, "same mappings, same threads: nothing read");

        thread(5, "worker-2", 0x7f2000390000L);
        javaThreads.add("worker-2");
        categories.refresh(MemoryMaps.parse(MAPS));
        assertEquals(first, reads, "a new thread: classified again, every verdict kept (the zeros are no glibc header)");
        memory.remove(0x7f1010000000L);
        categories.refresh(MemoryMaps.parse(MAPS.replace("7f1010000000-7f1012000000", "7f1010000000-7f1013000000")));
        assertEquals(first + 2, reads, "a mapping grown: its headers read again (an arena's and a chunk's)");
    }

    @Test
    void keepsTheStackOfAThreadThatEndedWhileItsMappingStays() throws IOException {
        categories.refresh(maps);
        Files.delete(proc.resolve("task/4/comm"));
        Files.delete(proc.resolve("task/4/syscall"));
        Files.delete(proc.resolve("task/4"));

        Region stacks = row(categories.refresh(MemoryMaps.parse(MAPS)), RowNames.THREAD_STACKS);

        assertEquals(List.of(r(0x7f2000000000L, 0x7f2000100000L), r(0x7f2000300000L, 0x7f2000401000L)),
                sub(stacks, RowNames.JAVA_THREADS).ranges());
    }

    @Test
    void takesNmtsLabelsWhereItHasThemAndItsOwnEvidenceElsewhere() {
        String systemMap = String.join("\n",
                "                        GC: GC support data (e.g. bitmaps)",
                "                    INTERN: Internal",
                "0x00007f1010000000-0x00007f1011000000     16777216 rw-p     0     0 4K   com   GC       -",
                "0x00007f1011000000-0x00007f1012000000     16777216 rw-p     0     0 4K   com   INTERN   -",
                "0x00007f2000100000-0x00007f2000101000         4096 ---p     0     0 4K   -     STACK-3-GC-Thread -",
                "");
        int[] reads = {0};
        DiagnosticCommands commands = command -> {
            reads[0]++;
            assertEquals("System.map", command);
            return systemMap;
        };
        ProcessCategories withNmt = new ProcessCategories(jvmLayout(), new ProcessThreads(new ProcFiles(proc)), words,
                () -> { }, () -> javaThreads, new NativeMemoryTracking(commands, 25, "summary"), PAGE);

        RegionLayout layout = withNmt.refresh(maps);

        assertEquals(List.of(r(0x7f1010000000L, 0x7f1011000000L), r(0x7f3000000000L, 0x7f3000200000L)),
                row(layout, RowNames.GC_STRUCTURES).ranges(), "NMT's GC mapping and VM.info's table");
        Region other = row(layout, RowNames.OTHER_NATIVE);
        assertEquals(List.of(r(0x7f1011000000L, 0x7f1012000000L)), sub(other, "Internal").ranges());
        assertTrue(other.ranges().contains(r(0x7f1011000000L, 0x7f1012000000L)), "a sub-row is part of its row");
        assertEquals(List.of(r(0x7f2000100000L, 0x7f2000201000L), r(0x7ffd00000000L, 0x7ffd00021000L)),
                sub(row(layout, RowNames.THREAD_STACKS), RowNames.JVM_THREADS).ranges());
        assertEquals(List.of(), layout.problems());

        withNmt.refresh(MemoryMaps.parse(MAPS));
        assertEquals(1, reads[0], "the same mappings: NMT is not asked again");
        withNmt.refresh(MemoryMaps.parse(MAPS.replace("7f1010000000-7f1012000000", "7f1010000000-7f1013000000")));
        assertEquals(2, reads[0], "a mapping grew: asked again");
    }

    @Test
    void saysWhyNmtGaveNoLabelsAndClassifiesWithoutThem() {
        DiagnosticCommands failing = command -> {
            throw new DiagnosticCommandException("System.map failed: java.lang.IllegalStateException: boom", null);
        };
        ProcessCategories withNmt = new ProcessCategories(jvmLayout(), new ProcessThreads(new ProcFiles(proc)), words,
                () -> { }, () -> javaThreads, new NativeMemoryTracking(failing, 25, "detail"), PAGE);

        RegionLayout layout = withNmt.refresh(maps);

        assertEquals(List.of("NMT labels: System.map failed: java.lang.IllegalStateException: boom; mappings classified"
                + " without them"), layout.problems());
        assertEquals(3, row(layout, RowNames.NATIVE_HEAP).ranges().size(), "the process's own evidence");
    }

    @Test
    void saysInOneLineThatAnotherMallocIsLoaded() {
        String withJemalloc = MAPS.replace("/usr/lib/jvm/lib/server/libjvm.so", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");

        RegionLayout layout = categories.refresh(MemoryMaps.parse(withJemalloc));

        assertEquals(List.of("Native Heap: libjemalloc.so.2 is loaded: the memory its malloc serves is no glibc heap and"
                + " counts as Other Native"), layout.problems());
        String without = MAPS.replace("7f6000100000-7f6000110000 r-xp 00000000 08:01 57                         "
                + "/usr/lib/jvm/lib/server/libjvm.so\n", "");
        assertEquals(List.of(), categories.refresh(MemoryMaps.parse(without)).problems(), "gone with the library");
    }

    private void thread(long tid, String name, long stackPointer) throws IOException {
        Path task = Files.createDirectories(proc.resolve("task").resolve(Long.toString(tid)));
        Files.writeString(task.resolve("comm"), name + "\n");
        Files.writeString(task.resolve("syscall"),
                "202 0x1 0x89 0x0 0x0 0x0 0xffffffff 0x" + Long.toHexString(stackPointer) + " 0x7f0000401000\n");
    }

    private static Region row(RegionLayout layout, String name) {
        return layout.regions().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static Region sub(Region region, String name) {
        return region.subRegions().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
