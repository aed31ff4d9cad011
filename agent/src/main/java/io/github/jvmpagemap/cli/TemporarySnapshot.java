package io.github.jvmpagemap.cli;

import io.github.jvmpagemap.view.SnapshotScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.management.JMException;

/**
 * A page-map snapshot the target process writes into a private directory of this command's,
 * read back and removed. The target writes as its own user: when this command runs as another
 * (root), the directory is handed to the target's user, still closed to everyone else.
 */
final class TemporarySnapshot {
    static final String FILE_NAME = "snapshot.jfr";

    /** How the target is asked to write a snapshot to a new file. */
    interface Writer {
        void write(Path file) throws IOException, JMException;
    }

    private TemporarySnapshot() {
    }

    static SnapshotScan take(long pid, Writer writer) throws IOException, JMException {
        Path dir = Files.createTempDirectory("jvm-pagemap-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = dir.resolve(FILE_NAME);
        try {
            int targetUid = (Integer) Files.getAttribute(Path.of("/proc", Long.toString(pid)), "unix:uid");
            if (targetUid != (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)) {
                Files.setAttribute(dir, "unix:uid", targetUid, LinkOption.NOFOLLOW_LINKS);
            }
            writer.write(file);
            return SnapshotScan.read(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
