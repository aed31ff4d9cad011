package io.github.jvmpagemap.samples.it;

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
import io.github.jvmpagemap.samples.it.published.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A JVM forks without exec (the {@code forked} scenario): the child holds the heap's pages
 * copy-on-write, so they are shared. The agent must see it whichever way it reads: pagemap's
 * exclusive bit, or, on the fast path, which skips private anonymous memory while nothing can
 * share it, by noticing the child and reading that memory's entries and frames again. The heap's
 * shared and proportional figures equal smaps Shared_Clean + Shared_Dirty and Pss.
 */
class ForkSharingIT {
    private static Path library;

    @BeforeAll
    static void buildTheNativeLibrary() throws Exception {
        library = SamplesNative.build();
    }

    static Stream<Arguments> jdksPathsAndUsers() {
        return Jdk.installed().stream().flatMap(jdk -> ScanPath.on(jdk)
                .flatMap(path -> Stream.of(Arguments.of(jdk, path, "root"), Arguments.of(jdk, path, "nobody"))));
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("jdksPathsAndUsers")
    void heapPagesAForkedChildHoldsAreShared(Jdk jdk, ScanPath path, String user) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (to read frames, or to drop to nobody)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
        List<String> wrapper = user.equals("root") ? List.of() : HugePagesMatchSmapsIT.NOBODY;
        boolean measuresShared = user.equals("root") || path == ScanPath.PORTABLE;
        try (ChildJvm app = ChildJvm.start(wrapper, jdk, path.options("interval=100ms"),
                path.jvmArgs(List.of("-Xmx256m", "-XX:+UseG1GC", SamplesNative.property(library))), "forked")) {
            app.awaitStdout("ready");
            Region heap = LayoutOracle.of(jdk, app.pid()).region(Region.JAVA_HEAP);
            SmapsAgreement.Sharing reading = SmapsAgreement.sharingUntilAgreed(app,
                    () -> CommandLineRun.jsonReport(jdk, app.pid()), heap, measuresShared, user.equals("root"));
            assertEquals(List.of(), reading.mismatches(), app::transcript);
            assertTrue(reading.kernelShared() >= 48L << 20,
                    () -> "the child shares the 64 MiB held: " + reading.kernelShared());
            Report.Row last = reading.row();
            if (!measuresShared) {
                assertEquals(Report.UNAVAILABLE, last.shared(), app::transcript);
            }
            if (!user.equals("root")) {
                assertEquals(Report.UNAVAILABLE, last.proportional(), app::transcript);
            }
        }
    }
}
