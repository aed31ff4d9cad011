package io.github.jvmpagemap.proc;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Why a file operation failed, in the operating system's words: Java names the file as the
 * message of some exceptions ({@code AccessDeniedException: /proc/self/pagemap}) and the reason
 * only in their type; a message that names the file and the reason reads better.
 */
public final class IoFailure {
    private IoFailure() {
    }

    /** The reason alone ("Permission denied", "No such file or directory", "No space left on device"). */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** A file the process reads that came back empty or cut short: named, with what it means. */
    public static FileSystemException shortRead(String file, String consequence) {
        return new FileSystemException(file, null, "it listed nothing (an empty or short read); " + consequence);
    }
}
