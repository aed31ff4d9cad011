package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static io.github.jvmpagemap.samples.it.harness.ScanPath.PORTABLE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.agreement.Readings;
import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Gc;
import io.github.jvmpagemap.samples.it.harness.Host;
import io.github.jvmpagemap.samples.it.harness.Locks;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import io.github.jvmpagemap.samples.it.harness.SamplesNative;
import io.github.jvmpagemap.samples.it.jvm.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * KSM merges a JVM's equal heap pages (the {@code merged} scenario offers its memory with
 * PR_SET_MEMORY_MERGE; the test turns KSM on and restores its settings after): the merged pages
 * are shared within one process, with no child. The heap's shared and proportional figures equal
 * smaps Shared_Clean + Shared_Dirty and Pss, on the fast path too, which must notice KSM at work
 * and read the private anonymous memory it otherwise counts as mapped once.
 */
@Needs({Requirement.ROOT, Requirement.KSM})
@ResourceLock(Locks.KSM)
class KsmSharingIT {
    /** What the test changes, with the values found before, restored after. */
    private static final Map<String, String> SAVED = new LinkedHashMap<>();

    @BeforeAll
    static void turnKsmOn() throws IOException {
        for (String setting : List.of("pages_to_scan", "sleep_millisecs", "run")) {
            SAVED.put(setting, Files.readString(Host.KSM.resolve(setting)).strip());
        }
        // Fast, so the merging takes seconds; run last, once the pace is set.
        Files.writeString(Host.KSM.resolve("pages_to_scan"), "5000");
        Files.writeString(Host.KSM.resolve("sleep_millisecs"), "10");
        Files.writeString(Host.KSM.resolve("run"), "1");
    }

    @AfterAll
    static void restoreKsm() throws IOException {
        if (SAVED.isEmpty()) {
            return;
        }
        Files.writeString(Host.KSM.resolve("run"), "2"); // unmerges what was merged
        for (Map.Entry<String, String> setting : SAVED.entrySet()) {
            Files.writeString(Host.KSM.resolve(setting.getKey()), setting.getValue());
        }
    }

    @Cases(collectors = Gc.G1, paths = {PORTABLE, FAST})
    void heapPagesKsmMergedAreShared(Case c, Apps apps) throws Exception {
        App app = apps.start(c.app("merged").agent("interval=1s").jvmArgs("-Xmx256m", SamplesNative.property()));
        Path ksmStat = Path.of("/proc", Long.toString(app.pid()), "ksm_stat");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> mergingPages(ksmStat) >= 8192);
        Region heap = app.layout().region(Region.JAVA_HEAP);
        SmapsAgreement.Sharing reading = SmapsAgreement.sharingUntilAgreed(app, Readings.beans(app), heap, true, true);
        assertEquals(List.of(), reading.mismatches(), app::transcript);
        assertTrue(reading.kernel().shared() >= 32L << 20,
                () -> "KSM merged the equal pages: heap " + reading.kernel());
    }

    private static long mergingPages(Path ksmStat) throws IOException {
        for (String line : Files.readAllLines(ksmStat)) {
            if (line.startsWith("ksm_merging_pages ")) {
                return Long.parseLong(line.substring("ksm_merging_pages ".length()).strip());
            }
        }
        return 0;
    }
}
