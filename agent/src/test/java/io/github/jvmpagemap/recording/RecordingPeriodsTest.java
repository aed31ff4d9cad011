package io.github.jvmpagemap.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordingPeriodsTest {

    @ParameterizedTest
    @CsvSource({"10 s, 10000", "500 ms, 500", "1 m, 60000", "2 min, 120000", "1 h, 3600000", "1 d, 86400000",
        "250000 us, 250", "20000000 ns, 20"})
    void readsJfrPeriods(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), RecordingPeriods.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"everyChunk", "beginChunk", "10", "ten s", "10 fortnights", ""})
    void anythingElseIsNoPeriod(String text) {
        assertNull(RecordingPeriods.parse(text));
    }

    @org.junit.jupiter.api.Test
    void withoutARunningRecordingTheFallbackApplies() {
        assertEquals(Duration.ofSeconds(7), RecordingPeriods.shortest("jvmpagemap.RegionResidency", Duration.ofSeconds(7)));
    }

    @org.junit.jupiter.api.Test
    void theShortestPeriodOfTheRunningRecordingsWins() {
        try (jdk.jfr.Recording slow = new jdk.jfr.Recording(); jdk.jfr.Recording fast = new jdk.jfr.Recording()) {
            slow.enable("jvmpagemap.RegionResidency").withPeriod(Duration.ofSeconds(30));
            fast.enable("jvmpagemap.RegionResidency").withPeriod(Duration.ofSeconds(2));
            slow.start();
            fast.start();
            assertEquals(Duration.ofSeconds(2), RecordingPeriods.shortest("jvmpagemap.RegionResidency",
                    Duration.ofSeconds(10)));
            fast.stop();
            assertEquals(Duration.ofSeconds(30), RecordingPeriods.shortest("jvmpagemap.RegionResidency",
                    Duration.ofSeconds(10)));
        }
    }
}
