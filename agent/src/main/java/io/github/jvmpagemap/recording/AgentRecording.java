package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.jfr.MessageEvent;
import io.github.jvmpagemap.jfr.RegionResidencyEvent;
import io.github.jvmpagemap.jfr.ResidencyScanEvent;
import io.github.jvmpagemap.jfr.ThreadStackGroupEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * The {@code recording=} option: the agent's own in-JVM recording of its events (its periodic
 * residency events and its messages), with the JDK's
 * {@code jdk.GCHeapSummary}, {@code jdk.GarbageCollection} and (JDK 21+) {@code jdk.ResidentSetSize}
 * for context and, once per chunk, {@code jdk.JVMInformation} and {@code jdk.BooleanFlag} (the
 * command line and flags the JMC rules read), bounded by
 * size (16 MiB) and age (1 hour). The file is rewritten by an atomic rename of a private
 * sibling: once as soon as the agent's first scan is in (a JVM killed seconds after start
 * leaves a readable file), once more when the first periods have passed (so the JDK's periodic
 * events are in too), then every scan interval but no more often than once a minute (each
 * rewrite closes a chunk, about 100 KiB of metadata, and copies the recording), so a JVM killed
 * with SIGKILL loses at most that much; and a last time when JFR stops the recording as the JVM
 * exits. JFR is not given the file as the recording's destination: it appends its final write to
 * whatever the file holds, which would repeat every event of the last rewrite. An existing file
 * is never overwritten: the recording goes to the first free {@code name-N.jfr} beside it, and
 * the agent says so.
 */
public final class AgentRecording {
    static final long MAX_SIZE = 16L << 20;
    static final Duration MAX_AGE = Duration.ofHours(1);
    static final Duration SHORTEST_REWRITE = Duration.ofMinutes(1);
    static final String GC_HEAP_SUMMARY = "jdk.GCHeapSummary";
    static final String RESIDENT_SET_SIZE = "jdk.ResidentSetSize";
    static final String GARBAGE_COLLECTION = "jdk.GarbageCollection";
    static final String JVM_INFORMATION = "jdk.JVMInformation";
    static final String BOOLEAN_FLAG = "jdk.BooleanFlag";
    static final String EACH_CHUNK = "beginChunk";

    private final Recording recording;
    private final Path file;
    private final Consumer<String> problems;
    private final Object writing = new Object();
    private final Object renaming = new Object();
    private boolean lastWritten; // guarded by renaming

    private AgentRecording(Recording recording, Path file, Consumer<String> problems) {
        this.recording = recording;
        this.file = file;
        this.problems = problems;
    }

    /**
     * Starts the recording; the returned object rewrites the file on {@link #rewrite()}, and
     * by itself when JFR stops the recording at exit.
     *
     * @param notes where an informational line goes (the file was taken, so another is used)
     * @param problems where a failure later on is said, in one line
     * @throws IOException if the file cannot be created (the message says why)
     */
    public static AgentRecording start(Path requested, Duration period, Consumer<String> notes,
            Consumer<String> problems) throws IOException {
        Path file = PrivateFiles.firstFree(requested.toAbsolutePath());
        if (!file.equals(requested.toAbsolutePath())) {
            notes.accept("recording: " + requested + " exists and is kept; recording to " + file);
        }
        PrivateFiles.createNew(file);
        Recording r = new Recording();
        r.setName("jvm-pagemap");
        r.enable(RegionResidencyEvent.NAME).withPeriod(period);
        r.enable(ResidencyScanEvent.NAME).withPeriod(period);
        r.enable(ThreadStackGroupEvent.NAME).withPeriod(period);
        r.enable(MessageEvent.NAME);
        r.enable(GC_HEAP_SUMMARY);
        r.enable(GARBAGE_COLLECTION);
        r.enable(JVM_INFORMATION).with("period", EACH_CHUNK);
        r.enable(BOOLEAN_FLAG).with("period", EACH_CHUNK);
        if (hasEvent(RESIDENT_SET_SIZE)) {
            r.enable(RESIDENT_SET_SIZE).withPeriod(period);
        }
        r.setToDisk(true);
        r.setMaxSize(MAX_SIZE);
        r.setMaxAge(MAX_AGE);
        AgentRecording agentRecording = new AgentRecording(r, file, problems);
        FlightRecorder.addListener(agentRecording.new FinalRewrite());
        r.start();
        try {
            agentRecording.rewrite();
            if (Files.size(file) == 0) {
                // Nothing to write yet (JDK 17's JFR has no chunk this early): no empty file that no
                // reader takes for a recording; the first rewrite with events creates it.
                Files.delete(file);
            }
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
     * nothing once the recording is closed, nor once the last rewrite at exit is in the file.
     */
    public void rewrite() throws IOException {
        // One rewrite at a time from the agent's side; the last one, at exit, takes no part in this
        // lock: JFR calls it holding its recorder's lock, which dump() takes too, so waiting here for
        // a rewrite blocked in dump() would deadlock the JVM's exit.
        synchronized (writing) {
            write(false);
        }
    }

    private void write(boolean last) throws IOException {
        RecordingState state = recording.getState();
        if (state != RecordingState.RUNNING && state != RecordingState.STOPPED) {
            return;
        }
        Path written;
        try {
            written = PrivateFiles.newSibling(file);
        } catch (IOException e) {
            throw new IOException(PrivateFiles.reason(e, file.getParent()), e);
        }
        try {
            if (!last) {
                // At exit this waits (on JFR's recorder lock) until JFR has stopped the recording and
                // our last rewrite is in: a dump after that finds JFR's chunk files deleted, and JFR
                // says so on the host's stderr.
                FlightRecorder.getFlightRecorder().getRecordings();
                synchronized (renaming) {
                    if (lastWritten) {
                        return;
                    }
                }
            }
            recording.dump(written);
            if (Files.size(written) == 0) {
                // JFR had no chunk to give yet (JDK 17 dumps nothing then): keep the file as it is.
                return;
            }
            synchronized (renaming) {
                if (!lastWritten) {
                    PrivateFiles.replace(written, file);
                    lastWritten = last;
                }
            }
        } catch (IOException e) {
            synchronized (renaming) {
                if (lastWritten) {
                    return; // the JVM is exiting and its last rewrite, which has it all, is in the file
                }
            }
            throw new IOException(PrivateFiles.reason(e, file.getParent()), e);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    /**
     * The last rewrite, when JFR stops the recording as the JVM exits: JFR tells its listeners
     * before it deletes the recording's chunks, so the file gets everything up to the end.
     */
    private final class FinalRewrite implements FlightRecorderListener {
        @Override
        public void recordingStateChanged(Recording changed) {
            if (changed != recording || changed.getState() != RecordingState.STOPPED) {
                return;
            }
            try {
                write(true);
            } catch (IOException | RuntimeException e) {
                problems.accept("recording: the last rewrite of " + file + " failed (" + e.getMessage()
                        + "); it holds the recording as of the rewrite before");
            } finally {
                FlightRecorder.removeListener(this);
            }
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
