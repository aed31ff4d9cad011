package io.github.jvmpagemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.jvmpagemap.jmx.FakeSource;
import io.github.jvmpagemap.jmx.ResidencyMBeans;
import io.github.jvmpagemap.jmx.Scans;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.view.ResidencyTable;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a JMX client reads back is the scan the agent published, so the command line prints the agent's table. */
class RemoteResidencyTest {

    @Test
    void theScanReadBackThroughTheMBeanEqualsThePublishedOneAndPrintsTheSameTable() throws Exception {
        FakeSource source = new FakeSource(Duration.ofSeconds(10));
        List<String> log = new ArrayList<>();
        ResidencyMBeans.register(source, source, source, log::add);
        var server = ManagementFactory.getPlatformMBeanServer();
        try {
            assertNull(server.isRegistered(ResidencyMBeans.RESIDENCY) ? RemoteResidency.read(server).residency()
                    : null, "no scan yet");
            Residency parallel = Scans.parallel(Scans.TIME);
            Residency published = new Residency(parallel.time(), parallel.durationNanos(), parallel.method(),
                    parallel.detail(), parallel.collector(), parallel.regions(), parallel.processResidentBytes(),
                    parallel.hugetlbBytes(), parallel.extraViewBytes(), parallel.pagesExamined(), parallel.problems(),
                    parallel.discoveries(), parallel.stackGroups(), -1, 300 << 20, 40_000_000_000L);
            source.scan(published);
            RemoteResidency read = RemoteResidency.read(server);
            assertEquals(published, read.residency());
            assertEquals(1, read.scanCount());
            assertEquals(ResidencyTable.format(published), ResidencyTable.format(read.residency()));
            assertEquals(List.of(), log);
        } finally {
            for (var name : server.queryNames(new javax.management.ObjectName("jvmpagemap:*"), null)) {
                server.unregisterMBean(name);
            }
        }
    }
}
