package io.github.jvmpagemap.recording;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/** The period the running recordings ask of an event, from their settings. */
final class RecordingPeriods {
    private RecordingPeriods() {
    }

    /**
     * The shortest period any running recording sets for {@code eventName}; {@code fallback}
     * when none sets a duration (for example {@code everyChunk}).
     */
    static Duration shortest(String eventName, Duration fallback) {
        Duration shortest = null;
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() != RecordingState.RUNNING) {
                continue;
            }
            Map<String, String> settings = r.getSettings();
            if (!"true".equals(settings.get(eventName + "#enabled"))) {
                continue;
            }
            Duration period = parse(settings.get(eventName + "#period"));
            if (period != null && (shortest == null || period.compareTo(shortest) < 0)) {
                shortest = period;
            }
        }
        return shortest == null ? fallback : shortest;
    }

    /** A JFR period such as {@code 10 s}, {@code 500 ms} or {@code 1 h}; null for anything else. */
    static Duration parse(String period) {
        if (period == null) {
            return null;
        }
        String[] parts = period.trim().split("\\s+");
        if (parts.length != 2) {
            return null;
        }
        long amount;
        try {
            amount = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return null;
        }
        TimeUnit unit = switch (parts[1]) {
            case "ns" -> TimeUnit.NANOSECONDS;
            case "us" -> TimeUnit.MICROSECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            case "m", "min" -> TimeUnit.MINUTES;
            case "h" -> TimeUnit.HOURS;
            case "d" -> TimeUnit.DAYS;
            default -> null;
        };
        return unit == null ? null : Duration.ofNanos(unit.toNanos(amount));
    }
}
