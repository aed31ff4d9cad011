package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.region.Region;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When the layout moves the agent follows: metaspace gains nodes, the code cache commits more,
 * Parallel's eden and survivors move as the young generation resizes. On both paths: the fast
 * one reads only the mappings inside the regions it knows, and must read again when they grow.
 */
class LayoutChangesIT {

    static Stream<Arguments> jdksAndPaths() {
        return Jdk.installed().stream().flatMap(jdk -> ScanPath.on(jdk).map(path -> Arguments.of(jdk, path)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void metaspaceGainsNodesAndTheyAreFound(Jdk jdk, ScanPath path) throws Exception {
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=500ms,print=1s"),
                path.jvmArgs(List.of("-Xmx512m")), "metaspace")) {
            PrintedTable before = app.awaitTable(0);
            app.awaitStdout("metaspace: ready");
            PrintedTable after = app.awaitTable(app.tables().size());
            PrintedTable.Row first = before.region(Region.METASPACE);
            PrintedTable.Row grown = after.region(Region.METASPACE);
            assertEquals(64L << 20, first.reserved(), "one 64 MiB non-class node at start-up");
            assertTrue(grown.reserved() > first.reserved(), () -> "new nodes found:\n" + app.transcript());
            assertTrue(grown.committed() > 64L << 20, () -> "committed beyond the first node:\n" + app.transcript());
            Expect.atMost(grown.resident(), grown.committed(), () -> "resident <= committed");
            Expect.atMost(grown.committed(), grown.reserved(), () -> "committed <= reserved");
            assertEquals(List.of(), after.warnings());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void codeCacheGrowthIsSeen(Jdk jdk, ScanPath path) throws Exception {
        // 12 MiB of code: the growth starts at once, and the agent's first look (later on the
        // fast path, which links its downcalls first) may come after some of it.
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=500ms,print=1s"),
                path.jvmArgs(List.of("-Xmx512m", "-Dsamples.jit.mib=12")), "jit")) {
            PrintedTable before = app.awaitTable(0);
            app.awaitStdout("jit: ready");
            PrintedTable after = app.awaitTable(app.tables().size());
            PrintedTable.Row first = before.region(Region.CODE_CACHE);
            PrintedTable.Row grown = after.region(Region.CODE_CACHE);
            assertEquals(first.reserved(), grown.reserved(), "the code cache is reserved once");
            // The scenario grows the code heaps' use by 12 MiB, some of it before the first table;
            // part of it lands on pages that were already resident, so resident grows by less.
            assertTrue(grown.committed() > first.committed(), () -> "more code committed:\n" + app.transcript());
            assertTrue(grown.resident() >= first.resident() + (6L << 20),
                    () -> "at least 6 MiB more code resident:\n" + app.transcript());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndPaths")
    void parallelSpacesFollowTheYoungGenerationThroughChurn(Jdk jdk, ScanPath path) throws Exception {
        List<String> flags = path.jvmArgs(List.of("-XX:+UseParallelGC", "-Xmx256m"));
        try (ChildJvm app = ChildJvm.start(jdk, path.options("interval=200ms,print=1s"), flags, "churn")) {
            app.awaitTable(4);
            for (PrintedTable table : app.tables()) {
                assertEquals(List.of(), table.warnings());
                List<PrintedTable.Row> spaces = table.subRegionsOf(Region.JAVA_HEAP);
                assertEquals(List.of("PS Eden Space", "PS Survivor Space", "PS Old Gen"),
                        spaces.stream().map(PrintedTable.Row::name).toList());
                long spacesCommitted = spaces.stream().mapToLong(PrintedTable.Row::committed).sum();
                PrintedTable.Row heap = table.region(Region.JAVA_HEAP);
                Expect.atMost(spacesCommitted, heap.committed(), () -> "spaces lie inside the heap");
                for (PrintedTable.Row s : spaces) {
                    Expect.atMost(s.resident(), s.committed(), () -> s.name() + " resident <= committed");
                    Expect.atMost(s.committed(), s.reserved(), () -> s.name() + " committed <= reserved");
                }
            }
        }
    }
}
