package io.github.jvmpagemap.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jvmpagemap.region.Region;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application run as an unprivileged user ({@code nobody}): pagemap shows it no frame
 * numbers and kpageflags is closed to it. The agent still reports what it can see (resident
 * and swapped as smaps says, huge pages from the ioctl or smaps), shows the rest as {@code n/a}
 * and says which figures those are in one line.
 */
class UnprivilegedIT {
    static final String BASIC_SCAN = "jvm-pagemap: detail=basic: without CAP_SYS_ADMIN page frames cannot be"
            + " examined, so shared and proportional show as n/a";
    static final String BASIC_PAGEMAP = "jvm-pagemap: detail=basic: without CAP_SYS_ADMIN page frames cannot be"
            + " examined, so shared, proportional and zeroPage show as n/a";
    /** Added when huge pages may back the app's memory; this app does not ask for them. */
    static final String FROM_SMAPS = "; hugePage comes from /proc/self/smaps, per mapping";


    static Stream<Arguments> jdksAndMethods() {
        return Jdk.installed().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "scan"), Arguments.of(jdk, "pagemap")));
    }

    @ParameterizedTest(name = "{0} method={1}")
    @MethodSource("jdksAndMethods")
    void reportsWhatItCanSeeAndNamesWhatIsUnavailable(Jdk jdk, String method) throws Exception {
        assumeTrue(!method.equals("scan") || jdk.feature() >= 22 && AgentJar.hasJava22Overlay(),
                "method=scan needs JDK 22+ and an agent jar with the overlay");
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run the app as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is needed");
        List<String> flags = new ArrayList<>(List.of("-Xmx256m"));
        if (method.equals("scan")) {
            flags.add(0, "--enable-native-access=ALL-UNNAMED");
        }
        try (ChildJvm app = ChildJvm.start(HugePagesMatchSmapsIT.NOBODY, jdk, "interval=1h,print=1s,method=" + method,
                flags, "idle")) {
            app.awaitStdout("ready");
            Region heap = LayoutOracle.of(jdk, app.pid()).regions().stream()
                    .filter(r -> r.name().equals(Region.JAVA_HEAP)).findFirst().orElseThrow();
            PrintedTable table = null;
            long rss = -1;
            for (int attempt = 0, next = app.tables().size() + 1; attempt < SmapsAgreement.ATTEMPTS; attempt++, next++) {
                app.awaitTable(next);
                int index = next;
                rss = app.whileStopped(() -> SmapsFields.sum(app.pid(), heap, "Rss"));
                table = app.tables().get(index);
                if (Math.abs(table.region(Region.JAVA_HEAP).resident() - rss) <= 0.01 * rss) {
                    break;
                }
            }
            PrintedTable last = table;
            PrintedTable.Row row = last.region(Region.JAVA_HEAP);
            Expect.within(0.01, rss, row.resident(), () -> "heap resident vs smaps Rss\n" + app.transcript());
            assertEquals(method, last.method(), app::transcript);
            assertEquals("basic", last.detail(), app::transcript);
            assertEquals(List.of(), last.warnings(), app::transcript);
            boolean thpForAll = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"))
                    .contains("[always]");
            assertEquals(List.of(method.equals("scan") ? BASIC_SCAN : BASIC_PAGEMAP + (thpForAll ? FROM_SMAPS : "")),
                    app.stderr().stream().filter(l -> l.startsWith("jvm-pagemap:")).toList(), app::transcript);
            for (PrintedTable.Row r : last.rows()) {
                assertEquals(PrintedTable.UNAVAILABLE, r.shared(), () -> r.name() + " shared\n" + app.transcript());
                assertEquals(PrintedTable.UNAVAILABLE, r.proportional(), () -> r.name() + " PSS\n" + app.transcript());
                assertTrue(r.hugePage() >= 0, () -> r.name() + " hugePage is measured\n" + app.transcript());
                assertEquals(method.equals("pagemap"), r.zeroPage() == PrintedTable.UNAVAILABLE,
                        () -> r.name() + " zeroPage measured only by the ioctl\n" + app.transcript());
            }
            assertFalse(app.stderr().stream().anyMatch(l -> l.contains("Exception") || l.contains("WARNING")),
                    app::transcript);
        }
    }
}
