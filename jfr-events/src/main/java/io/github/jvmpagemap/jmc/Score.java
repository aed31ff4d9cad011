package io.github.jvmpagemap.jmc;

import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * A rule's score (0 to 100, JMC's scale: below 25 OK, below 75 information, else warning) from
 * a measure and the two limits the rule states for it: below {@code infoLimit} the score stays
 * under 25, from {@code infoLimit} to {@code warningLimit} it climbs from 25 to 75, above it
 * from 75 to 100 as the measure reaches twice the warning limit.
 */
final class Score {
    static final double INFO = Severity.INFO.getLimit();
    static final double WARNING = Severity.WARNING.getLimit();
    static final double MAX = 100;

    private Score() {
    }

    static double of(double measure, double infoLimit, double warningLimit) {
        if (!(measure > 0)) {
            return 0;
        }
        if (measure < infoLimit) {
            return INFO * measure / infoLimit;
        }
        if (measure < warningLimit) {
            return INFO + (WARNING - INFO) * (measure - infoLimit) / (warningLimit - infoLimit);
        }
        return Math.min(MAX, WARNING + (MAX - WARNING) * (measure - warningLimit) / warningLimit);
    }
}
