package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.scan.Detail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.scan.ScanMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentOptionsTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void noOptionsGiveTheDefaults(String text) {
        AgentOptions o = AgentOptions.parse(text);

        assertEquals(Duration.ofSeconds(10), o.interval());
        assertTrue(o.jfr());
        assertTrue(o.jmx());
        assertNull(o.print());
        assertNull(o.recording());
        assertEquals(ScanMethod.AUTO, o.method());
        assertEquals(Detail.AUTO, o.detail());
        assertNull(o.written(), "no write window unless asked: the application pays for it");
    }

    @Test
    void readsEveryOption() {
        AgentOptions o = AgentOptions.parse(
                "interval=30s,jfr=off,jmx=off,print=1m,recording=/tmp/pagemap.jfr,method=pagemap,detail=full,written=2s");

        assertEquals(Duration.ofSeconds(30), o.interval());
        assertFalse(o.jfr());
        assertFalse(o.jmx());
        assertEquals(Duration.ofMinutes(1), o.print());
        assertEquals("/tmp/pagemap.jfr", o.recording());
        assertEquals(ScanMethod.PAGEMAP, o.method());
        assertEquals(Detail.FULL, o.detail());
        assertEquals(Duration.ofSeconds(2), o.written());
    }

    @Test
    void aWriteWindowMayLastAsLongAsTheIntervalAndWrittenOffIsNone() {
        assertEquals(Duration.ofSeconds(10), AgentOptions.parse("written=10s").written());
        assertNull(AgentOptions.parse("written=off").written());
        assertEquals(AgentOptions.DEFAULT_WRITTEN_SAMPLE, AgentOptions.parse("written=1s").writtenSample());
        assertEquals(1, AgentOptions.parse("written=1s,writtenSample=1").writtenSample());
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "scan, SCAN", "pagemap, PAGEMAP"})
    void readsEveryMethod(String value, ScanMethod method) {
        assertEquals(method, AgentOptions.parse("method=" + value).method());
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "basic", "full"})
    void readsEveryDetail(String detail) {
        assertEquals(detail, AgentOptions.parse("detail=" + detail).detail().label());
    }

    @Test
    void onTurnsJfrAndJmxOn() {
        AgentOptions o = AgentOptions.parse("jfr=on,jmx=on");

        assertTrue(o.jfr());
        assertTrue(o.jmx());
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "100ms, 100", "10s, 10000", "1m, 60000", "1h, 3600000"})
    void readsDurationsInMillisecondsSecondsMinutesAndHours(String value, long millis) {
        assertEquals(Duration.ofMillis(millis), AgentOptions.parse("interval=" + value).interval());
        assertEquals(Duration.ofMillis(millis), AgentOptions.parse("print=" + value).print());
    }

    @Test
    void printExitPrintsOnlyAtExitAndEveryPeriodPrintsAtExitToo() {
        AgentOptions exit = AgentOptions.parse("print=exit");
        assertNull(exit.print());
        assertTrue(exit.printAtExit());
        assertTrue(AgentOptions.parse("print=30s").printAtExit());
        assertFalse(AgentOptions.parse("print=off").printAtExit());
        assertFalse(AgentOptions.defaults().printAtExit());
    }

    @ParameterizedTest
    @CsvSource({"0.5%, 0.005", "2%, 0.02", "100%, 1", "0.01%, 0.0001", "off, 0"})
    void maxCpuIsAShareOfOneCoreOrOff(String value, double share) {
        assertEquals(share, AgentOptions.parse("maxCpu=" + value).maxCpu(), 1e-12);
    }

    @Test
    void theCpuCapIsOnByDefaultAtHalfAPercentOfACore() {
        assertEquals(0.005, AgentOptions.defaults().maxCpu());
    }

    @Test
    void printOffPrintsNothing() {
        assertNull(AgentOptions.parse("print=off").print());
    }

    @Test
    void toleratesSpacesAroundKeysAndValues() {
        AgentOptions o = AgentOptions.parse(" interval = 2s , jfr = off ");

        assertEquals(Duration.ofSeconds(2), o.interval());
        assertFalse(o.jfr());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "color=on | unknown option 'color'; valid options: interval, jfr, jmx, print, recording, method, detail, written, writtenSample, maxCpu",
        "interval=10 | bad value '10' for interval; expected a duration such as 500ms, 10s, 1m or 1h",
        "interval=10sec | bad value '10sec' for interval; expected a duration such as 500ms, 10s, 1m or 1h",
        "print=soon | bad value 'soon' for print; expected a duration such as 500ms, 10s, 1m or 1h, exit or off",
        "interval=99ms | bad value '99ms' for interval; the shortest period is 100ms",
        "print=0s | bad value '0s' for print; the shortest period is 100ms",
        "interval=99999999999999999999s | bad value '99999999999999999999s' for interval; the longest period is 24h",
        "interval=9999999999999999h | bad value '9999999999999999h' for interval; the longest period is 24h",
        "print=25h | bad value '25h' for print; the longest period is 24h",
        "jfr=yes | bad value 'yes' for jfr; valid values: on, off",
        "maxCpu=2 | bad value '2' for maxCpu; expected a share of one core from 0.01% to 100% (maxCpu=0.5%, maxCpu=2%), or off",
        "maxCpu=0% | bad value '0%' for maxCpu; expected a share of one core from 0.01% to 100% (maxCpu=0.5%, maxCpu=2%), or off",
        "maxCpu=150% | bad value '150%' for maxCpu; expected a share of one core from 0.01% to 100% (maxCpu=0.5%, maxCpu=2%), or off",
        "maxCpu=NaN% | bad value 'NaN%' for maxCpu; expected a share of one core from 0.01% to 100% (maxCpu=0.5%, maxCpu=2%), or off",
        "jmx=true | bad value 'true' for jmx; valid values: on, off",
        "method=ioctl | bad value 'ioctl' for method; valid values: auto, scan, pagemap",
        "detail=all | bad value 'all' for detail; valid values: auto, basic, full",
        "written=1 | bad value '1' for written; expected a duration such as 500ms, 10s, 1m or 1h, or off",
        "written=50ms | bad value '50ms' for written; the shortest period is 100ms",
        "written=11s | bad value for written: the write window (11000 ms) must not be longer than the interval (10000 ms)",
        "interval=1s,written=2s | bad value for written: the write window (2000 ms) must not be longer than the interval (1000 ms)",
        "written | option 'written' needs a value, as in written=1s",
        "writtenSample=0 | bad value '0' for writtenSample; expected a whole number from 1 (every page) to 1048576",
        "writtenSample=half | bad value 'half' for writtenSample; expected a whole number from 1 (every page) to 1048576",
        "interval | option 'interval' needs a value, as in interval=10s",
        "print= | option 'print' needs a value, as in print=30s",
        "recording= | option 'recording' needs a value, as in recording=/tmp/pagemap.jfr",
        "jmx | option 'jmx' needs a value, as in jmx=on",
        "jfr=on,jfr=off | option 'jfr' is given twice",
        "jfr=on,,jmx=on | empty option in 'jfr=on,,jmx=on'; expected key=value pairs separated by commas",
        "jfr=on, | empty option in 'jfr=on,'; expected key=value pairs separated by commas",
        "=10s | empty option in '=10s'; expected key=value pairs separated by commas"})
    void rejectsABadOptionWithAOneLineMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(text));

        assertEquals(message, e.getMessage());
    }
}
