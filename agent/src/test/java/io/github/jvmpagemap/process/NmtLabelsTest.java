package io.github.jvmpagemap.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvmpagemap.process.NmtLabels.Label;
import io.github.jvmpagemap.process.NmtLabels.Use;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmtLabelsTest {
    /** Excerpts of {@code jcmd <pid> System.map} of JDK 25 with -XX:NativeMemoryTracking=summary. */
    private static final String SYSTEM_MAP = String.join("\n",
            "vm info:         VM information (requires NMT)",
            "                   CARDTBL: GC Card table",
            "                       CDS: CDS archives",
            "                      CODE: Code Heap",
            "                        GC: GC support data (e.g. bitmaps)",
            "                    INTERN: Internal",
            "                  JAVAHEAP: Java Heap",
            "                       JDK: allocated by JDK libraries other than VM",
            "                      POLL: Polling pages",
            "                     STACK: (known) Thread Stack",
            "file:            file mapped, if mapping is not anonymous",
            "",
            "from               to                        vsize prot          rss      hugetlb pgsz notes            info"
                    + "                                  file",
            "=========================================================================================================",
            "0x00000000f0000000-0x00000000ffe00000    266338304 rw-p     29630464            0 4K   com              "
                    + "JAVAHEAP                              -",
            "0x000055c743748000-0x000055c743749000         4096 r--p         4096            0 4K   com              "
                    + "-                                     /usr/lib/jvm/temurin-25-jdk-amd64/bin/java",
            "0x00007fb2e8d00000-0x00007fb2e8e00000      1048576 rw-p        16384            0 4K   com,nothp        "
                    + "STACK-21552-GC-Thread                 -",
            "0x00007fb2e9200000-0x00007fb2eb7e8000     39747584 rw-p            0            0 4K   com              "
                    + "GC                                    -",
            "0x00007fb2eb7e8000-0x00007fb2ec1f8000     10551296 ---p            0            0 4K   -                "
                    + "GC                                    -",
            "0x00007fb308e00000-0x00007fb308ebd000       774144 rw-p       774144            0 4K   com              "
                    + "CARDTBL                               -",
            "0x00007fb30b048000-0x00007fb30b0b1000       430080 rw-p       348160            0 4K   com              "
                    + "CODE,GC                               -",
            "0x00007fb30b100000-0x00007fb30b108000        32768 rw-p        32768            0 4K   com              "
                    + "INTERN                                -",
            "0x00007fb30b200000-0x00007fb30b201000         4096 ---p            0            0 4K   -                "
                    + "POLL                                  -",
            "");

    @Test
    void labelsEachTaggedMappingOfSystemMapAndSkipsTheOthers() {
        assertEquals(List.of(
                new Label(0xf0000000L, 0xffe00000L, Use.JVM_REGION, "Java Heap"),
                new Label(0x7fb2e8d00000L, 0x7fb2e8e00000L, Use.STACK, "(known) Thread Stack"),
                new Label(0x7fb2e9200000L, 0x7fb2eb7e8000L, Use.GC, "GC support data"),
                new Label(0x7fb2eb7e8000L, 0x7fb2ec1f8000L, Use.GC, "GC support data"),
                new Label(0x7fb308e00000L, 0x7fb308ebd000L, Use.GC, "GC Card table"),
                new Label(0x7fb30b048000L, 0x7fb30b0b1000L, Use.GC, "GC support data"),
                new Label(0x7fb30b100000L, 0x7fb30b108000L, Use.OTHER, "Internal"),
                new Label(0x7fb30b200000L, 0x7fb30b201000L, Use.OTHER, "Polling pages")),
                NmtLabels.fromSystemMap(SYSTEM_MAP));
    }

    @Test
    void readsTheReservationsOfJdk17sVirtualMemoryMapAndNotItsCommittedParts() {
        String detail = String.join("\n",
                "Virtual memory map:",
                "",
                "[0x00000000f0000000 - 0x0000000100000000] reserved and committed 262144KB for Java Heap from",
                "    [0x00007f34858d0c9c] Unsafe_AllocateMemory0+0x7c",
                "",
                "[0x00007f34594fd000 - 0x00007f34595fd000] reserved 1024KB for Thread Stack from",
                "    [0x00007f34858b1117] ThreadStackTracker::new_thread_stack(void*, unsigned long)+0x37",
                "        [0x00007f34594fd000 - 0x00007f3459501000] committed 16KB from",
                "            [0x00007f34857d3cb7] StackOverflow::create_stack_guard_pages()+0x57",
                "",
                "[0x00007f345a000000 - 0x00007f345c000000] reserved and committed 32768KB for GC from",
                "[0x00007f3485d9e000 - 0x00007f3485da6000] reserved and committed 32KB for Internal from",
                "[0x00007f3485da6000 - 0x00007f3485da8000] reserved and committed 8KB for Safepoint from",
                "");
        assertEquals(List.of(
                new Label(0xf0000000L, 0x100000000L, Use.JVM_REGION, "Java Heap"),
                new Label(0x7f34594fd000L, 0x7f34595fd000L, Use.STACK, "Thread Stack"),
                new Label(0x7f345a000000L, 0x7f345c000000L, Use.GC, "GC"),
                new Label(0x7f3485d9e000L, 0x7f3485da6000L, Use.OTHER, "Internal"),
                new Label(0x7f3485da6000L, 0x7f3485da8000L, Use.OTHER, "Safepoint")),
                NmtLabels.fromVirtualMemoryMap(detail));
    }

    @Test
    void findsNoLabelsInOutputWithoutThem() {
        assertEquals(List.of(), NmtLabels.fromSystemMap("Native memory tracking is not enabled\n"));
        assertEquals(List.of(), NmtLabels.fromVirtualMemoryMap("Native Memory Tracking:\n\nTotal: reserved=1KB\n"));
    }
}
