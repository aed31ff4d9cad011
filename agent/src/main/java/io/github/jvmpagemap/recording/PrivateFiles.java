package io.github.jvmpagemap.recording;

import io.github.jvmpagemap.proc.IoFailure;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files the agent writes: readable by their owner only, created new (never written through an
 * existing file or symbolic link), and replaced only by an atomic rename of a file we wrote.
 */
public final class PrivateFiles {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);

    private PrivateFiles() {
    }

    /**
     * {@code requested}, or if a regular file or a link is there already, the first free
     * {@code name-N.ext} beside it.
     *
     * @throws IOException naming the reason if {@code requested} is a directory or a special file
     *     (a device, a pipe, a socket: {@code /dev/null}), which are refused, not worked around
     */
    static Path firstFree(Path requested) throws IOException {
        refuseSpecial(requested);
        if (!Files.exists(requested, LinkOption.NOFOLLOW_LINKS)) {
            return requested;
        }
        String name = requested.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; n < 1000; n++) {
            Path candidate = requested.resolveSibling(stem + "-" + n + extension);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
        throw new IOException("no free file name next to " + requested);
    }

    /**
     * Checks, without creating anything, that {@link #createNew} could create {@code file}: it is
     * not there, and its directory is.
     */
    public static void checkNew(Path file) throws IOException {
        refuseSpecial(file);
        directoryOf(file);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " exists; it is not overwritten");
        }
    }

    /** Creates {@code file}, which must not exist, readable and writable by its owner only. */
    public static Path createNew(Path file) throws IOException {
        refuseSpecial(file);
        Path dir = directoryOf(file);
        try {
            // O_CREAT|O_EXCL: fails on an existing file and on any symbolic link, dangling or not.
            return Files.createFile(dir.resolve(file.getFileName()), OWNER_ONLY_ATTRIBUTE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists; it is not overwritten", e);
        } catch (FileSystemException e) {
            throw new IOException("cannot create " + file + ": " + reason(e, dir), e);
        }
    }

    /**
     * Why writing in {@code dir} failed, in the operating system's words where Java has them
     * ({@code Permission denied}, {@code No space left on device}), or from the file system's
     * free space when the exception has none (JFR's own writer says only "Unexpected error").
     */
    static String reason(IOException e, Path dir) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        try {
            if (dir != null && Files.getFileStore(dir).getUsableSpace() == 0) {
                return "no space left on the device holding " + dir;
            }
            if (dir != null && !Files.isWritable(dir)) {
                return "permission denied: " + dir + " is not writable by this process";
            }
        } catch (IOException | RuntimeException ignored) {
            // fall back to the exception's own words
        }
        return IoFailure.reason(e);
    }

    /** A directory, the root, or a special file is no place for a file the agent writes. */
    private static void refuseSpecial(Path file) throws IOException {
        if (file.getFileName() == null) {
            throw new IOException("'" + file + "' names a directory, not a file; give the path of a file");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
            throw new IOException(file + " is a directory, not a file; give the path of a file");
        }
        if (attributes.isOther()) {
            throw new IOException(file + " is a special file (a device, pipe or socket), not a regular file;"
                    + " give the path of a file");
        }
    }

    /** A new private file beside {@code target}, for writing before an atomic {@link #replace}. */
    static Path newSibling(Path target) throws IOException {
        return Files.createTempFile(directoryOf(target), "." + target.getFileName(), ".tmp", OWNER_ONLY_ATTRIBUTE);
    }

    /** Renames {@code written} over {@code target}: a link at {@code target} is replaced, never followed. */
    static void replace(Path written, Path target) throws IOException {
        Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path directoryOf(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("directory " + dir + " does not exist");
        }
        return dir;
    }
}
