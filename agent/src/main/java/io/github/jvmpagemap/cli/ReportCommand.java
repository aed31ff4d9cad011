package io.github.jvmpagemap.cli;

import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.recording.PrivateFiles;
import io.github.jvmpagemap.recording.RecordingReader;
import io.github.jvmpagemap.recording.Timeline;
import io.github.jvmpagemap.recording.TimelineSummary;
import io.github.jvmpagemap.view.JsonReport;
import io.github.jvmpagemap.view.ResidencyPage;
import io.github.jvmpagemap.view.ResidencyTable;
import io.github.jvmpagemap.view.SnapshotScan;
import io.github.jvmpagemap.view.TimelineJson;
import io.github.jvmpagemap.view.TimelinePage;
import io.github.jvmpagemap.view.TimelineText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanException;

/**
 * {@code report}: the residency of a running JVM (loading the agent if needed) or of a page-map
 * snapshot file, as the table, JSON ({@code --json}) or a page ({@code --html <file>}); the story of
 * recordings that hold the agent's events, as a summary, the series or a timeline page.
 */
final class ReportCommand implements Command {
    private final PrintStream out;
    private final AgentLoader loader;
    private final String osName;

    ReportCommand(PrintStream out, AgentLoader loader, String osName) {
        this.out = out;
        this.loader = loader;
        this.osName = osName;
    }

    @Override
    public void run(List<String> args) throws CommandFailure, InterruptedException, IOException {
        ReportRequest request = ReportRequest.parse(args);
        if (request.files().isEmpty()) {
            reportProcess(request);
            return;
        }
        if (request.html() != null) {
            checkNew(request.html());
        }
        Timeline timeline;
        try {
            timeline = RecordingReader.read(request.files());
        } catch (IOException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        if (timeline.scans().isEmpty() && request.files().size() == 1) {
            reportSnapshot(request, request.files().get(0));
        } else {
            reportRecording(request, timeline);
        }
    }

    private void reportRecording(ReportRequest request, Timeline timeline) throws CommandFailure {
        TimelineSummary summary = TimelineSummary.of(timeline);
        if (request.json()) {
            out.print(TimelineJson.format(timeline, summary));
        } else if (request.html() == null) {
            out.print(TimelineText.format(timeline, summary, request.allRows()));
        } else {
            List<SnapshotScan> snapshots = new ArrayList<>();
            for (Path file : timeline.snapshotFiles()) {
                try {
                    snapshots.addAll(SnapshotScan.readAll(file));
                } catch (IOException e) {
                    throw CommandFailure.failed("cannot read the snapshots in " + file + ": " + e.getMessage());
                }
            }
            writeFile(request.html(), TimelinePage.format(timeline, summary, snapshots));
        }
    }

    private void reportSnapshot(ReportRequest request, Path file) throws CommandFailure {
        SnapshotScan scan = readSnapshot(file);
        if (request.html() != null) {
            writePage(request.html(), "snapshot " + file.getFileName() + " of process " + scan.pid(),
                    scan, RemoteResidency.UNKNOWN_COUNT);
        } else {
            out.print(request.json() ? JsonReport.format(scan.pid(), scan.residency(), RemoteResidency.UNKNOWN_COUNT)
                    : ResidencyTable.format(scan.residency()));
        }
    }

    private void reportProcess(ReportRequest request) throws CommandFailure, InterruptedException, IOException {
        Arguments.linuxOnly(osName);
        long pid = Arguments.pid(request.target());
        if (request.html() != null) {
            checkNew(request.html());
        }
        TargetProcess target = loader.ensureAgent(pid);
        try (AgentConnection agent = AgentConnection.open(target)) {
            RemoteResidency scan = agent.firstScan();
            if (request.written() != null) {
                scan = measureWritten(agent, pid, request.written());
            }
            if (request.html() == null) {
                out.print(request.json() ? JsonReport.format(pid, scan.residency(), scan.scanCount())
                        : ResidencyTable.format(scan.residency()));
                return;
            }
            SnapshotScan picture;
            try {
                picture = TemporarySnapshot.take(pid, agent::snapshot);
            } catch (IOException e) {
                throw CommandFailure.failed("cannot read the snapshot of process " + pid + " for the page: "
                        + IoFailure.reason(e));
            }
            // The count of the scan, if the agent's latest scan is still the snapshot's.
            RemoteResidency latest = agent.latest();
            long count = latest.residency() != null && latest.residency().time().equals(picture.residency().time())
                    ? latest.scanCount() : RemoteResidency.UNKNOWN_COUNT;
            if (request.written() != null) {
                // The maps from the snapshot, the table from the window's scan: a snapshot ends a window.
                picture = new SnapshotScan(pid, scan.residency(), picture.grids());
                count = scan.scanCount();
            }
            writePage(request.html(), "process " + pid, picture, count);
        } catch (MBeanException e) {
            throw CommandFailure.snapshotFailed(pid, e);
        } catch (JMException e) {
            throw CommandFailure.failed("cannot read the MBeans of process " + pid + " (" + e + ")");
        }
    }

    /** One write window of {@code window} in process {@code pid}, and its scan. */
    private static RemoteResidency measureWritten(AgentConnection agent, long pid, Duration window)
            throws CommandFailure, IOException, JMException {
        try {
            return agent.measureWritten(window);
        } catch (MBeanException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw CommandFailure.failed("cannot measure written pages in process " + pid + ": " + cause.getMessage());
        }
    }

    private static SnapshotScan readSnapshot(Path file) throws CommandFailure {
        try {
            return SnapshotScan.read(file);
        } catch (IOException e) {
            throw CommandFailure.failed("cannot read " + file + ": " + String.valueOf(e.getMessage()));
        }
    }

    private static void checkNew(Path file) throws CommandFailure {
        try {
            PrivateFiles.checkNew(file);
        } catch (IOException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    /** Writes the page of one scan to {@code file}, a new file readable by its owner only. */
    private void writePage(Path file, String source, SnapshotScan scan, long scanCount) throws CommandFailure {
        writeFile(file, ResidencyPage.format(source, scan, JsonReport.format(scan.pid(), scan.residency(), scanCount)));
    }

    /** Writes {@code page} to {@code file}, a new file readable by its owner only. */
    private void writeFile(Path file, String page) throws CommandFailure {
        try {
            Path created = PrivateFiles.createNew(file);
            try (FileChannel channel = FileChannel.open(created, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer bytes = ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (IOException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        out.println("wrote " + file);
    }
}
