package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnonymousSharingTest {
    @TempDir
    Path dir;

    private Path thread(String tid, String children) throws IOException {
        Path task = Files.createDirectories(dir.resolve("task").resolve(tid));
        return Files.writeString(task.resolve("children"), children);
    }

    private Path ksmStat(String text) throws IOException {
        return Files.writeString(dir.resolve("ksm_stat"), text);
    }

    private static final String KSM_IDLE = "ksm_rmap_items 0\nksm_zero_pages 0\nksm_merging_pages 0\n"
            + "ksm_process_profit 0\nksm_merge_any: no\nksm_mergeable: no\n";

    @Test
    void aProcessWithoutChildrenOrKsmCannotShareItsAnonymousMemory() throws IOException {
        thread("100", "");
        thread("101", "");
        assertFalse(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE)).possible());
        assertFalse(new AnonymousSharing(dir.resolve("task"), dir.resolve("no-ksm-in-this-kernel")).possible());
    }

    @Test
    void aChildOfAnyThreadMakesSharingPossible() throws IOException {
        thread("100", "");
        thread("101", "4242 ");
        assertTrue(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE)).possible());
    }

    @Test
    void ksmMergingOrOfferedPagesMakeSharingPossible() throws IOException {
        thread("100", "");
        assertTrue(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE.replace("ksm_merging_pages 0",
                "ksm_merging_pages 12"))).possible());
        assertTrue(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE.replace("ksm_merge_any: no",
                "ksm_merge_any: yes"))).possible());
        assertTrue(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE.replace("ksm_mergeable: no",
                "ksm_mergeable: yes"))).possible());
    }

    @Test
    void aKernelThatCannotListChildrenIsTakenToShare() throws IOException {
        Files.createDirectories(dir.resolve("task").resolve("100"));
        assertTrue(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE)).possible());
    }

    @Test
    void thisProcessSeesTheChildItStarts() throws Exception {
        AnonymousSharing self = new AnonymousSharing(ProcFiles.self());
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertTrue(self.possible(), "a child is listed in its parent thread's children file");
        } finally {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theKernelsOneCallAnswersForEveryThreadsChildrenFile() throws IOException {
        thread("100", "");
        thread("101", "4242 ");
        assertFalse(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE), () -> false).possible(),
                "the call, not the files, says whether there is a child");
        thread("101", "");
        assertTrue(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE), () -> true).possible());
    }

    @Test
    void aCallThatFailsIsTakenToShare() throws IOException {
        thread("100", "");
        assertTrue(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE), () -> {
            throw new IOException("waitid failed: Operation not permitted");
        }).possible());
    }

    @Test
    void ksmIsReadEvenWhenTheCallSaysNoChild() throws IOException {
        assertTrue(new AnonymousSharing(dir.resolve("task"), ksmStat(KSM_IDLE.replace("ksm_merge_any: no",
                "ksm_merge_any: yes")), () -> false).possible());
    }

    /**
     * A scan lists the threads once: the sharing check reads the children of the threads the
     * scan's own listing found (by {@link ProcessThreads}, sharing the process's listing), and lists
     * them itself only where no listing was made since the scan began.
     */
    @Test
    void aScanListsTheThreadsOnce() throws IOException {
        thread("100", "");
        ksmStat(KSM_IDLE);
        ProcFiles proc = new ProcFiles(dir);
        long scanStarted = System.nanoTime();
        new ProcessThreads(proc).refresh();
        thread("101", "4242 ");
        AnonymousSharing sharing = new AnonymousSharing(proc);
        assertFalse(sharing.possible(scanStarted), "the scan's listing, made before thread 101 began, stands");
        assertTrue(sharing.possible(System.nanoTime()), "a later scan lists the threads again");
    }
}
