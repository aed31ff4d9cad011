package io.github.jvmpagemap.view;

import io.github.jvmpagemap.jmx.Scans;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ThreadStackGroup;
import io.github.jvmpagemap.scan.Detail;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonReportTest {

    @Test
    void reportIsTheDocumentedSchemaWithNullForATopLevelSubRegionAndEscapedText() {
        Residency scan = Scans.parallel(Scans.TIME);
        Residency two = new Residency(scan.time(), scan.durationNanos(), scan.method(), scan.detail(),
                scan.collector(), scan.regions().subList(0, 2), scan.processResidentBytes(), 0, scan.extraViewBytes(),
                scan.pagesExamined(), scan.problems(), scan.discoveries(),
                List.of(new ThreadStackGroup("http-nio-8080-exec-#", 12, 1 << 20, 4096)));
        assertEquals("""
                {
                  "schema": 1,
                  "pid": 42,
                  "time": "2026-11-22T04:23:39.123Z",
                  "scanDurationNanos": 7000000,
                  "scanCount": 5,
                  "method": "pagemap",
                  "detail": "basic",
                  "collector": "Parallel",
                  "pagesExamined": 103159,
                  "processResidentBytes": 209715200,
                  "processPeakResidentBytes": -1,
                  "hugetlbBytes": 0,
                  "attributedBytes": 73400320,
                  "extraViewBytes": 0,
                  "unattributedBytes": 136314880,
                  "writeWindowNanos": -1,
                  "effectiveIntervalNanos": -1,
                  "regions": [
                    {
                      "region": "Java Heap",
                      "subRegion": null,
                      "kind": "jvm",
                      "start": 1879048192,
                      "end": 2415919104,
                      "reservedBytes": 536870912,
                      "committedBytes": 398458880,
                      "residentBytes": 73400320,
                      "swappedBytes": 0,
                      "hugePageBytes": -1,
                      "largeFolioBytes": -1,
                      "zeroPageBytes": -1,
                      "sharedBytes": -1,
                      "proportionalBytes": -1,
                      "writtenBytes": -1,
                      "writtenErrorBytes": -1,
                      "untrackedBytes": -1,
                      "peakResidentBytes": 73400320,
                      "unreadableBytes": 0,
                      "residentPercent": 18.421
                    },
                    {
                      "region": "Java Heap",
                      "subRegion": "PS Eden Space",
                      "kind": "jvm",
                      "start": 1879048192,
                      "end": 2415919104,
                      "reservedBytes": 536870912,
                      "committedBytes": 104857600,
                      "residentBytes": 52428800,
                      "swappedBytes": 0,
                      "hugePageBytes": -1,
                      "largeFolioBytes": -1,
                      "zeroPageBytes": -1,
                      "sharedBytes": -1,
                      "proportionalBytes": -1,
                      "writtenBytes": -1,
                      "writtenErrorBytes": -1,
                      "untrackedBytes": -1,
                      "peakResidentBytes": 52428800,
                      "unreadableBytes": 0,
                      "residentPercent": 50.000
                    }
                  ],
                  "threadStackGroups": [
                    {
                      "group": "http-nio-8080-exec-#",
                      "threads": 12,
                      "residentBytes": 1048576,
                      "swappedBytes": 4096
                    }
                  ],
                  "problems": ["Metaspace: a \\"quoted\\" problem"]
                }
                """, JsonReport.format(42, two, 5));
    }

    @Test
    void controlCharactersAndBackslashesAreEscaped() {
        assertEquals("\"a\\\\b\\n\\u0001\"", JsonReport.string("a\\b\n\u0001"));
        assertEquals("null", JsonReport.string(null));
    }

    @Test
    void everyCharacterBeyondAsciiIsAnEscapeSoThatNoOutputEncodingLosesIt() {
        assertEquals("\"party \\ud83c\\udf89 caf\\u00e9\\u007f\"",
                JsonReport.string("party \uD83C\uDF89 caf\u00e9\u007f"));
    }

    @Test
    void aScanWithoutRegionsIsStillValidJson() {
        Residency scan = new Residency(Scans.TIME, 1, "pagemap", Detail.BASIC, "G1", List.of(), -1, 0, 0, List.of(), 1);
        String json = JsonReport.format(1, scan, 1);
        assertEquals(true, json.contains("\"regions\": [],\n  \"threadStackGroups\": [],\n  \"problems\": []\n}"), json);
    }
}
