package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.jfr.ResidencyScanEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * The {@code recording=} option: the agent's own in-JVM recording of its events, with the JDK's
 * {@code jdk.GCHeapSummary} and (JDK 21+) {@code jdk.ResidentSetSize} for context, bounded by
 * size (16 MiB) and age (1 hour). The file is rewritten every scan interval, but no more often
 * than once a minute (each rewrite closes a chunk, about 100 KiB of metadata, and copies the recording), by an atomic rename,
 * so a JVM killed with SIGKILL leaves the recording as of the last rewrite;
 * JFR writes the final state at a normal exit. An existing file is never overwritten: the
 * recording goes to the first free {@code name-N.jfr} beside it, and the agent says so.
 */
public final class AgentRecording {
    static final long MAX_SIZE = 16L << 20;
    static final Duration MAX_AGE = Duration.ofHours(1);
    static final Duration SHORTEST_REWRITE = Duration.ofMinutes(1);
    static final String GC_HEAP_SUMMARY = "jdk.GCHeapSummary";
    static final String RESIDENT_SET_SIZE = "jdk.ResidentSetSize";

    private final Recording recording;
    private final Path file;

    private AgentRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /**
     * Starts the recording; the returned object rewrites the file on {@link #rewrite()}.
     *
     * @param say where one-line messages go
     * @throws IOException if the file cannot be created (the message says why)
     */
    public static AgentRecording start(Path requested, Duration period, Consumer<String> say) throws IOException {
        Path file = PrivateFiles.firstFree(requested.toAbsolutePath());
        if (!file.equals(requested.toAbsolutePath())) {
            say.accept("recording: " + requested + " exists and is kept; recording to " + file);
        }
        PrivateFiles.createNew(file);
        Recording r = new Recording();
        r.setName("jvm-pagemap");
        r.enable(RegionResidencyEvent.NAME).withPeriod(period);
        r.enable(ResidencyScanEvent.NAME).withPeriod(period);
        r.enable(GC_HEAP_SUMMARY);
        if (hasEvent(RESIDENT_SET_SIZE)) {
            r.enable(RESIDENT_SET_SIZE).withPeriod(period);
        }
        r.setToDisk(true);
        r.setMaxSize(MAX_SIZE);
        r.setMaxAge(MAX_AGE);
        r.start();
        AgentRecording agentRecording = new AgentRecording(r, file);
        try {
            agentRecording.rewrite();
            // At a normal exit JFR itself writes the final recording into our (private) file.
            r.setDestination(file);
        } catch (IOException e) {
            r.close();
            Files.deleteIfExists(file);
            throw e;
        }
        return agentRecording;
    }

    /** How often to rewrite the file: the scan interval, but no more often than once a minute. */
    public static Duration rewritePeriod(Duration interval) {
        return interval.compareTo(SHORTEST_REWRITE) < 0 ? SHORTEST_REWRITE : interval;
    }

    public Path file() {
        return file;
    }

    /**
     * Writes the recording so far to a private sibling and renames it over the file. Does
     * nothing once JFR has stopped the recording (the JVM is exiting and JFR writes the final
     * state into the file itself).
     */
    public void rewrite() throws IOException {
        if (recording.getState() != RecordingState.RUNNING) {
            return;
        }
        Path written = PrivateFiles.newSibling(file);
        try {
            recording.dump(written);
            PrivateFiles.replace(written, file);
        } catch (IOException e) {
            if (recording.getState() == RecordingState.RUNNING) {
                throw e;
            }
        } finally {
            Files.deleteIfExists(written);
        }
    }

    private static boolean hasEvent(String name) {
        for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
            if (type.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
