package io.github.jvmpagemap.samples.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.samples.it.agreement.SmapsAgreement;
import io.github.jvmpagemap.samples.it.harness.ChildJvm;
import io.github.jvmpagemap.samples.it.harness.CommandLineRun;
import io.github.jvmpagemap.samples.it.harness.Jdk;
import io.github.jvmpagemap.samples.it.harness.SamplesNative;
import io.github.jvmpagemap.samples.it.harness.ScanPath;
import io.github.jvmpagemap.samples.it.jvm.LayoutOracle;
import io.github.jvmpagemap.samples.it.jvm.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * KSM merges a JVM's equal heap pages (the {@code merged} scenario offers its memory with
 * PR_SET_MEMORY_MERGE; the test turns KSM on and restores its settings after): the merged pages
 * are shared within one process, with no child. The heap's shared and proportional figures equal
 * smaps Shared_Clean + Shared_Dirty and Pss, on the fast path too, which must notice KSM at work
 * and read the private anonymous memory it otherwise counts as mapped once.
 */
class KsmSharingIT {
    private static final Path KSM = Path.of("/sys/kernel/mm/ksm");
    /** What the test changes, with the values found before, restored after. */
    private static final Map<String, String> SAVED = new LinkedHashMap<>();
    private static Path library;

    @BeforeAll
    static void turnKsmOn() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to turn KSM on");
        assumeTrue(Files.isWritable(KSM.resolve("run")), "this kernel has no KSM (" + KSM + "/run)");
        library = SamplesNative.build();
        for (String setting : List.of("pages_to_scan", "sleep_millisecs", "run")) {
            SAVED.put(setting, Files.readString(KSM.resolve(setting)).strip());
        }
        // Fast, so the merging takes seconds; run last, once the pace is set.
        Files.writeString(KSM.resolve("pages_to_scan"), "5000");
        Files.writeString(KSM.resolve("sleep_millisecs"), "10");
        Files.writeString(KSM.resolve("run"), "1");
    }

    @AfterAll
    static void restoreKsm() throws IOException {
        if (SAVED.isEmpty()) {
            return;
        }
        Files.writeString(KSM.resolve("run"), "2"); // unmerges what was merged
        for (Map.Entry<String, String> setting : SAVED.entrySet()) {
            Files.writeString(KSM.resolve(setting.getKey()), setting.getValue());
        }
    }

    static Stream<Arguments> jdksAndPaths() {
        return Jdk.installed().stream().flatMap(jdk -> ScanPath.on(jdk).map(path -> Arguments.of(jdk, path)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void heapPagesKsmMergedAreShared(Jdk jdk, ScanPath path) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=100ms"),
                path.jvmArgs(List.of("-Xmx256m", "-XX:+UseG1GC", SamplesNative.property(library))), "merged")) {
            app.awaitStdout("ready");
            Path ksmStat = Path.of("/proc", Long.toString(app.pid()), "ksm_stat");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> mergingPages(ksmStat) >= 8192);
            Region heap = LayoutOracle.of(jdk, app.pid()).region(Region.JAVA_HEAP);
            SmapsAgreement.Sharing reading = SmapsAgreement.sharingUntilAgreed(app,
                    () -> CommandLineRun.jsonReport(jdk, app.pid()), heap, true, true);
            assertEquals(List.of(), reading.mismatches(), app::transcript);
            assertTrue(reading.kernelShared() >= 32L << 20,
                    () -> "KSM merged the equal pages: heap Shared_* " + reading.kernelShared());
        }
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
