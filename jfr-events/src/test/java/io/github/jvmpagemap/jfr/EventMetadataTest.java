package io.github.jvmpagemap.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import jdk.jfr.Configuration;
import jdk.jfr.DataAmount;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;
import jdk.jfr.ValueDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The events show well in JDK Mission Control: namespaced names, a category, a label and a
 * description stating the unit on every field, and a content type on every byte, address,
 * time and ratio field.
 */
class EventMetadataTest {
    static final Set<String> BYTES = Set.of("reserved", "committed", "resident", "swapped", "hugePage", "largeFolio",
            "zeroPage", "shared", "proportional", "unreadable", "attributed", "processResident", "hugetlb",
            "unattributed", "extraViews", "written", "writtenError", "untracked", "peakResident", "processPeakResident");
    static final Set<String> ADDRESSES = Set.of("start", "end");
    static final Set<String> RATIOS = Set.of("residentPercent", "attributedPercent");
    static final Set<String> TIMES = Set.of("scanTime");
    static final Set<String> IMPLICIT = Set.of("startTime", "duration", "eventThread", "stackTrace");

    @ParameterizedTest
    @ValueSource(classes = {RegionResidencyEvent.class, ResidencyScanEvent.class, ThreadStackGroupEvent.class,
        MessageEvent.class})
    void everyFieldIsLabelledDescribedAndTyped(Class<? extends Event> eventClass) {
        EventType type = EventType.getEventType(eventClass);
        assertTrue(type.getName().startsWith("jvmpagemap."), type.getName());
        assertEquals(List.of("JVM Pagemap"), type.getCategoryNames());
        assertNotNull(type.getLabel());
        assertNotNull(type.getDescription());
        for (ValueDescriptor field : type.getFields()) {
            if (IMPLICIT.contains(field.getName())) {
                continue;
            }
            String name = field.getName();
            assertNotNull(field.getLabel(), name + " has a label");
            assertNotNull(field.getDescription(), name + " has a description");
            assertFalse(field.getLabel().isBlank(), name);
            if (BYTES.contains(name)) {
                assertNotNull(field.getAnnotation(DataAmount.class), name + " is a data amount");
            } else if (ADDRESSES.contains(name)) {
                assertNotNull(field.getAnnotation(MemoryAddress.class), name + " is an address");
            } else if (RATIOS.contains(name)) {
                assertNotNull(field.getAnnotation(Percentage.class), name + " is a percentage");
            } else if (TIMES.contains(name)) {
                assertNotNull(field.getAnnotation(Timestamp.class), name + " is a timestamp");
            } else if (name.equals("scanDuration") || name.equals("writeWindow") || name.equals("effectiveInterval")) {
                assertNotNull(field.getAnnotation(Timespan.class), name + " is a timespan");
            } else {
                assertTrue(field.getTypeName().equals("java.lang.String") || name.equals("pagesExamined")
                        || name.equals("threads"),
                        () -> name + " needs a content type or a reason not to have one");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {RegionResidencyEvent.class, ResidencyScanEvent.class})
    void carriesNoStackTraceIsOffByDefaultAndTenSecondlyWhenOn(Class<? extends Event> eventClass) {
        // Settings annotations are read by JFR from the class, not published as metadata.
        assertEquals("10 s", eventClass.getAnnotation(Period.class).value());
        assertFalse(eventClass.getAnnotation(StackTrace.class).value());
        assertFalse(EventType.getEventType(eventClass).isEnabled(), "recorded only when a recording enables it");
    }

    @org.junit.jupiter.api.Test
    void shippedSettingsEnableThePeriodicEventsEveryTenSecondsAndEveryMessage() throws Exception {
        try (InputStream in = EventMetadataTest.class.getResourceAsStream("jvm-pagemap.jfc")) {
            assertNotNull(in, "jvm-pagemap.jfc is on the class path next to the events");
            Configuration c = Configuration.create(new java.io.StringReader(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            for (String event : List.of(RegionResidencyEvent.NAME, ResidencyScanEvent.NAME,
                    ThreadStackGroupEvent.NAME)) {
                assertEquals("true", c.getSettings().get(event + "#enabled"));
                assertEquals("10 s", c.getSettings().get(event + "#period"));
            }
            assertEquals("true", c.getSettings().get(MessageEvent.NAME + "#enabled"));
        }
    }
}
