package io.github.jvmpagemap.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileIsReadableByItsOwnerOnly() throws IOException {
        Path f = PrivateFiles.createNew(dir.resolve("a.jfr"));
        assertEquals(PrivateFiles.OWNER_ONLY, Files.getPosixFilePermissions(f));
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path f = Files.writeString(dir.resolve("a.jfr"), "precious");
        IOException e = assertThrows(IOException.class, () -> PrivateFiles.createNew(f));
        assertEquals(f + " exists; it is not overwritten", e.getMessage());
        assertEquals("precious", Files.readString(f));
    }

    @Test
    void aSymbolicLinkIsNotWrittenThrough() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("a.jfr"), target);
        assertThrows(IOException.class, () -> PrivateFiles.createNew(link));
        Path dangling = Files.createSymbolicLink(dir.resolve("b.jfr"), dir.resolve("nowhere"));
        assertThrows(IOException.class, () -> PrivateFiles.createNew(dangling));
        assertEquals("precious", Files.readString(target));
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    @Test
    void firstFreeSkipsFilesAndLinksAlreadyThere() throws IOException {
        Path requested = dir.resolve("r.jfr");
        assertEquals(requested, PrivateFiles.firstFree(requested));
        Files.writeString(requested, "x");
        Files.createSymbolicLink(dir.resolve("r-1.jfr"), dir.resolve("nowhere"));
        assertEquals(dir.resolve("r-2.jfr"), PrivateFiles.firstFree(requested));
    }

    @Test
    void replaceRenamesOverALinkInsteadOfFollowingIt() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "precious");
        Path link = Files.createSymbolicLink(dir.resolve("r.jfr"), target);
        Path written = PrivateFiles.newSibling(link);
        Files.writeString(written, "new");
        PrivateFiles.replace(written, link);
        assertFalse(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(link));
        assertEquals("precious", Files.readString(target));
        assertTrue(Files.getPosixFilePermissions(link, LinkOption.NOFOLLOW_LINKS).equals(PrivateFiles.OWNER_ONLY));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path f = dir.resolve("no/such/dir/a.jfr");
        IOException e = assertThrows(IOException.class, () -> PrivateFiles.createNew(f));
        assertEquals("directory " + f.getParent() + " does not exist", e.getMessage());
    }

    @Test
    void directoriesTheRootAndSpecialFilesAreRefusedWithTheReasonNotWorkedAround() {
        for (String path : new String[] {"/", "/tmp", "/dev/null"}) {
            IOException e = assertThrows(IOException.class,
                    () -> PrivateFiles.firstFree(Path.of(path)), path);
            assertTrue(e.getMessage().contains("directory")
                    || e.getMessage().contains("special file"), e.getMessage());
            assertThrows(IOException.class, () -> PrivateFiles.createNew(Path.of(path)));
        }
        assertFalse(Files.exists(Path.of("/dev/null-1")));
    }

    @Test
    void aFailureSaysWhatTheSystemSaid() {
        java.nio.file.FileSystemException denied = new java.nio.file.AccessDeniedException("/x/y", null,
                "Permission denied");
        assertEquals("Permission denied", PrivateFiles.reason(denied, Path.of("/x")));
        assertEquals("Unexpected error during I/O operation",
                PrivateFiles.reason(new IOException("Unexpected error during I/O operation"), Path.of("/tmp")),
                "a writable directory with room: nothing better to say than the exception's own words");
    }
}
