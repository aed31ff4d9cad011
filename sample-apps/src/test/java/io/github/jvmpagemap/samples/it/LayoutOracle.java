package io.github.jvmpagemap.samples.it;

import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.region.PoolUsage;
import io.github.jvmpagemap.region.RegionDiscovery;
import io.github.jvmpagemap.region.RegionLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM's region layout read from outside it: the same diagnostic commands run by
 * {@code jcmd} and its maps read from /proc/<pid>, so the ranges the tests sum smaps over do not
 * come from the agent under test.
 */
final class LayoutOracle {
    private LayoutOracle() {
    }

    static RegionLayout of(Jdk jdk, long pid) throws IOException {
        MemoryMaps maps = MemoryMaps.parse(Files.readString(Path.of("/proc/" + pid + "/maps")));
        long pageSize = new ProcFiles(Path.of("/proc/" + pid)).pageSize();
        RegionDiscovery discovery = new RegionDiscovery(command -> {
            List<String> jcmd = new ArrayList<>(List.of(jdk.jcmd().toString(), Long.toString(pid)));
            jcmd.addAll(List.of(command.split(" ")));
            return ChildJvm.run(jcmd);
        }, pageSize);
        return discovery.refresh(maps, new PoolUsage(0, new long[0]));
    }
}
