package io.github.jvmpagemap.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackGroupsTest {

    @Test
    void collapsesTheDigitsANameEndsWith() {
        assertEquals("http-nio-8080-exec-#", StackGroups.collapse("http-nio-8080-exec-12"));
        assertEquals("pool-1-thread-#", StackGroups.collapse("pool-1-thread-3"));
        assertEquals("C2 CompilerThread#", StackGroups.collapse("C2 CompilerThread0"));
    }

    @Test
    void keepsOneHashWhereTheNumberFollowsOne() {
        assertEquals("GC Thread#", StackGroups.collapse("GC Thread#1"));
        assertEquals("G1 Conc#", StackGroups.collapse("G1 Conc#0"));
    }

    @Test
    void leavesDigitsInsideANameAndNamesWithoutDigits() {
        assertEquals("G1 Main Marker", StackGroups.collapse("G1 Main Marker"));
        assertEquals("Finalizer", StackGroups.collapse("Finalizer"));
        assertEquals("#", StackGroups.collapse("42"));
        assertEquals("", StackGroups.collapse(""));
    }

    @Test
    void findsTheGroupOfAnAddressInsideAStackAndNoneOutside() {
        StackGroups groups = new StackGroups(new long[] {0x1000, 0x5000}, new long[] {0x2000, 0x6000}, new int[] {1, 0},
                List.of("a-#", "b"), new int[] {3, 1});
        assertEquals(1, groups.groupAt(0x1000));
        assertEquals(1, groups.groupAt(0x1fff));
        assertEquals(-1, groups.groupAt(0x2000));
        assertEquals(0, groups.groupAt(0x5800));
        assertEquals(-1, groups.groupAt(0x0fff));
        assertEquals(-1, groups.groupAt(0x7000));
        assertEquals(3, groups.threads(0));
    }
}
