package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.residency.Residency;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one or more recordings hold of the agent's work, in time order: its scans (each the rows and
 * process figures of one {@code scanTime}), the collections the JDK recorded beside them, the lines
 * the agent said, and which files hold page-map snapshots.
 *
 * @param files the files read, in the order given
 * @param pid the process the recording was made in, or -1 where it does not say
 * @param scans the scans in time order, each as {@code report <pid> --json} shows one (its problems
 *     and layout discoveries are not recorded: none and -1)
 * @param collections the JDK's {@code jdk.GarbageCollection} events in time order
 * @param messages the agent's {@code jvmpagemap.Message} events in time order
 * @param snapshotFiles the files that hold page-map snapshots, in the order given
 * @param problems what could not be read, one line each (a file cut short, say)
 */
public record Timeline(List<Path> files, long pid, List<Residency> scans, List<Collection> collections,
        List<Message> messages, List<Path> snapshotFiles, List<String> problems) {

    /** A collection: when it started, the collector's name and cause, and its pauses. */
    public record Collection(Instant time, String name, String cause, Duration sumOfPauses, Duration longestPause) {
    }

    /** A line the agent said: {@code note} or {@code problem}. */
    public record Message(Instant time, String severity, String text) {
    }

    /** The median time between scans, or null with fewer than two. */
    public Duration typicalInterval() {
        if (scans.size() < 2) {
            return null;
        }
        long[] gaps = new long[scans.size() - 1];
        for (int i = 1; i < scans.size(); i++) {
            gaps[i - 1] = Duration.between(scans.get(i - 1).time(), scans.get(i).time()).toMillis();
        }
        java.util.Arrays.sort(gaps);
        return Duration.ofMillis(gaps[gaps.length / 2]);
    }
}
