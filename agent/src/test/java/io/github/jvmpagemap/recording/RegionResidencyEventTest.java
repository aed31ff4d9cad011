package io.github.jvmpagemap.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.residency.Figure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.DataAmount;
import jdk.jfr.EventType;
import jdk.jfr.MemoryAddress;
import jdk.jfr.Percentage;
import jdk.jfr.ValueDescriptor;
import org.junit.jupiter.api.Test;

/** The region event declares exactly the figures, each as its definition says. */
class RegionResidencyEventTest {
    private static final Set<String> NOT_FIGURES = Set.of("startTime", "duration", "eventThread", "stackTrace",
            "region", "subRegion", "kind", "scanTime");

    @Test
    void everyFigureIsAFieldWithItsLabelDescriptionAndUnit() {
        EventType type = EventType.getEventType(RegionResidencyEvent.class);
        for (Figure figure : Figure.values()) {
            ValueDescriptor field = type.getField(figure.id());
            assertNotNull(field, RegionResidencyEvent.NAME + " has a field " + figure.id());
            assertEquals(figure.label(), field.getLabel(), figure.id());
            assertEquals(figure.describedForJfr(), field.getDescription(), figure.id());
            Class<? extends java.lang.annotation.Annotation> contentType = switch (figure.unit()) {
                case ADDRESS -> MemoryAddress.class;
                case BYTES -> DataAmount.class;
                case RATIO -> Percentage.class;
            };
            assertNotNull(field.getAnnotation(contentType), figure.id() + " is " + contentType.getSimpleName());
        }
    }

    @Test
    void everyOtherFieldIsAFigure() {
        List<String> others = new ArrayList<>();
        for (ValueDescriptor field : EventType.getEventType(RegionResidencyEvent.class).getFields()) {
            if (!NOT_FIGURES.contains(field.getName())
                    && java.util.stream.Stream.of(Figure.values()).noneMatch(f -> f.id().equals(field.getName()))) {
                others.add(field.getName());
            }
        }
        assertEquals(List.of(), others, "fields with no figure behind them");
    }

    @Test
    void everyFigureHasAFieldTheEventsAreSetThrough() {
        assertEquals(Figure.values().length, ResidencyEvents.figureFields().length);
    }
}
