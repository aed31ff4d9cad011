package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessThreadsTest {
    @TempDir
    Path tasks;

    @Test
    void readsTheStackPointerOfAThreadBlockedInASystemCall() {
        // futex wait, as captured from a JDK 25 thread: nr, six arguments, sp, pc
        assertEquals(0x7fc00bafd510L, ProcessThreads.stackPointer(
                "202 0x7fc05c374678 0x89 0x0 0x7fc00bafd620 0x0 0xffffffff 0x7fc00bafd510 0x7fc0641aef16\n"));
    }

    @Test
    void readsTheStackPointerOfAThreadBlockedOutsideASystemCall() {
        assertEquals(0x7ffd1000L, ProcessThreads.stackPointer("-1 0x7ffd1000 0x401000\n"));
    }

    @Test
    void knowsNoStackPointerForARunningThreadOrGarbage() {
        assertEquals(ProcessThreads.UNKNOWN, ProcessThreads.stackPointer("running\n"));
        assertEquals(ProcessThreads.UNKNOWN, ProcessThreads.stackPointer(""));
        assertEquals(ProcessThreads.UNKNOWN, ProcessThreads.stackPointer("1 2 zz 0x4"));
    }

    @Test
    void readsEachThreadOnceAndAgainOnlyWhileItsStackPointerIsUnknown() throws IOException {
        thread(101, "main-ish", "202 0x1 0x2 0x3 0x4 0x5 0x6 0x7f0000001000 0x4");
        thread(102, "worker", "running");
        ProcessThreads threads = new ProcessThreads(tasks);

        assertTrue(threads.refresh());
        assertEquals(2, threads.count());
        assertEquals(0x7f0000001000L, threads.stackPointer(0));
        assertEquals("main-ish", threads.name(0));
        assertEquals(ProcessThreads.UNKNOWN, threads.stackPointer(1));

        Files.writeString(tasks.resolve("101/syscall"), "202 0x1 0x2 0x3 0x4 0x5 0x6 0x7f00deadbeef 0x4");
        assertFalse(threads.refresh(), "nothing new: thread 101 is not read again, 102 still runs");
        assertEquals(0x7f0000001000L, threads.stackPointer(0));

        Files.writeString(tasks.resolve("102/syscall"), "-1 0x7f0000002000 0x4");
        assertTrue(threads.refresh());
        assertEquals(0x7f0000002000L, threads.stackPointer(1));
    }

    @Test
    void forgetsAThreadThatEndedAndReadsANewOne() throws IOException {
        thread(101, "a", "-1 0x1000 0x4");
        thread(102, "b", "-1 0x2000 0x4");
        ProcessThreads threads = new ProcessThreads(tasks);
        threads.refresh();

        delete(tasks.resolve("102"));
        thread(103, "c", "-1 0x3000 0x4");

        assertTrue(threads.refresh());
        assertEquals(2, threads.count());
        assertEquals(103, threads.tid(1));
        assertEquals(0x3000L, threads.stackPointer(1));
        assertEquals("c", threads.name(1));
    }

    @Test
    void saysInOneLineWhyAStackPointerCannotBeRead() throws IOException {
        Path task = tasks.resolve("101");
        Files.createDirectories(task.resolve("syscall")); // reading a directory fails, as a denied read does
        Files.writeString(task.resolve("comm"), "a\n");
        ProcessThreads threads = new ProcessThreads(tasks);

        threads.refresh();

        assertEquals(ProcessThreads.UNKNOWN, threads.stackPointer(0));
        assertNotNull(threads.problem());
        assertTrue(threads.problem().startsWith("thread stacks: " + task.resolve("syscall") + " could not be read ("),
                threads.problem());
        assertFalse(threads.problem().contains("\n"));
    }

    @Test
    void saysWhyWhenTheThreadsCannotBeListed() {
        ProcessThreads threads = new ProcessThreads(tasks.resolve("absent"));

        threads.refresh();

        assertEquals(0, threads.count());
        assertTrue(threads.problem().contains("could not be listed"), threads.problem());
    }

    @Test
    void saysWhyWhenTheThreadsDirectoryListsNoThread() {
        ProcessThreads threads = new ProcessThreads(tasks);

        threads.refresh();

        assertEquals("threads: " + tasks + " lists no thread: stacks are not told from other anonymous memory",
                threads.problem());
    }

    @Test
    void hasNoProblemWhenEveryFileReads() throws IOException {
        thread(7, "x", "running");
        ProcessThreads threads = new ProcessThreads(tasks);
        threads.refresh();
        assertNull(threads.problem());
    }

    private void thread(long tid, String name, String syscall) throws IOException {
        Path task = Files.createDirectories(tasks.resolve(Long.toString(tid)));
        Files.writeString(task.resolve("comm"), name + "\n");
        Files.writeString(task.resolve("syscall"), syscall + "\n");
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
