package io.github.jvmpagemap.samples.it.published;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.jvmpagemap.samples.it.jvm.Region;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tests' JSON reader: enough for {@code report --json}, and tolerant of members it does not know. */
public class JsonTest {

    @Test
    void readsNestedValuesAndEscapes() {
        Object value = Json.parse("{\"a\": [1, -2, 3.5e1, true, false, null], \"b\": {\"c\": \"x\\\"y\\\\z\\n\\u00e9\"},"
                + " \"d\": []}");
        assertEquals(Map.of("a", Arrays.asList(1L, -2L, 35.0, true, false, null), "b", Map.of("c", "x\"y\\z\né"),
                "d", List.of()), value);
    }

    @Test
    void aReportWithMembersItDoesNotKnowStillReads() {
        Report report = Report.fromJson("""
                {"schema": 2, "pid": 1, "time": "2026-11-29T15:39:31.783Z", "scanCount": 3, "method": "scan",
                 "detail": "basic", "collector": "G1", "processResidentBytes": 100, "hugetlbBytes": 0,
                 "attributedBytes": 60, "extraViewBytes": 0, "unattributedBytes": 40, "newFigure": {"x": [1]},
                 "regions": [{"region": "Java Heap", "subRegion": null, "kind": "heap", "start": 4096, "end": 8192,
                   "reservedBytes": 4096, "committedBytes": 4096, "residentBytes": 4096, "swappedBytes": 0,
                   "hugePageBytes": 0, "largeFolioBytes": -1, "zeroPageBytes": -1, "sharedBytes": -1,
                   "proportionalBytes": -1, "unreadableBytes": 0, "residentPercent": 100.000}],
                 "problems": ["a problem"],
                 "threadStackGroups": [{"group": "worker-#", "threads": 4, "residentBytes": 65536, "swappedBytes": 0}]}
                """);
        assertEquals(List.of("Java Heap"), report.rows().stream().map(Report.Row::name).toList());
        assertEquals(4096, report.region(Region.JAVA_HEAP).resident());
        assertEquals(Report.UNAVAILABLE, report.region(Region.JAVA_HEAP).shared());
        assertEquals(List.of("a problem"), report.problems());
        assertEquals(3, report.scanCount());
        assertEquals(List.of(new Report.StackGroup("worker-#", 4, 65536)), report.stackGroups());
    }

    @Test
    void malformedTextIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));
    }
}
