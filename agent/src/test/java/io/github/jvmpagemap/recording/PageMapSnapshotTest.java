package io.github.jvmpagemap.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.proc.MemoryMaps;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.region.MBeanDiagnosticCommands;
import io.github.jvmpagemap.region.PoolUsage;
import io.github.jvmpagemap.region.Region;
import io.github.jvmpagemap.region.RegionDiscovery;
import io.github.jvmpagemap.region.RegionLayout;
import io.github.jvmpagemap.residency.RegionPieces;
import io.github.jvmpagemap.scan.PageCounts;
import io.github.jvmpagemap.scan.PagemapFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmc.common.IDescribable;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * A snapshot of this very test JVM: the runs cover every committed page of every region exactly
 * once, agree with a count of the same pages, and read the same in the JDK's parser and JMC's.
 */
class PageMapSnapshotTest {
    @TempDir
    Path dir;

    ProcFiles proc = ProcFiles.self();
    long pageSize = proc.pageSize();
    MemoryMaps maps = new MemoryMaps();
    RegionLayout layout;
    PagemapFile pages;

    @BeforeEach
    void discoverThisJvm() throws IOException {
        pages = new PagemapFile(proc.pagemap(), pageSize);
        maps.read(proc.maps());
        layout = new RegionDiscovery(new MBeanDiagnosticCommands(), pageSize).refresh(maps, PoolUsage.current());
        assertEquals(List.of(), layout.problems());
    }

    @AfterEach
    void close() {
        pages.close();
    }

    @Test
    void runsCoverEveryCommittedPageOfEveryRegionOnceAndReadTheSameInBothParsers() throws Exception {
        Path file = dir.resolve("snapshot.jfr");
        // This JVM is live: its heap and code move a little while it is examined, so the runs'
        // resident figures are checked between a count taken just before and one just after.
        Map<String, Long> before = residentByRegion();
        long written = PageMapSnapshot.write(file, layout, maps, pages);
        Map<String, Long> after = residentByRegion();

        List<RecordedEvent> runs = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(PageMapSnapshot.EVENT_NAME)).toList();
        assertEquals(written, runs.size());
        Map<String, Long> committed = new HashMap<>();
        Map<String, Long> resident = new HashMap<>();
        for (RecordedEvent run : runs) {
            long size = run.getLong("end") - run.getLong("start");
            assertEquals(size, run.getLong("size"));
            assertTrue(size > 0 && size % pageSize == 0, run::toString);
            committed.merge(run.getString("region"), size, Long::sum);
            if (run.getString("state").equals("resident")) {
                resident.merge(run.getString("region"), size, Long::sum);
            }
        }
        for (Region region : layout.regions()) {
            long[] pieces = {0};
            RegionPieces.forEach(region, maps, (r, sub, start, end) -> pieces[0] += end - start);
            assertEquals(pieces[0], committed.getOrDefault(region.name(), 0L), region.name() + " committed");
            long low = Math.min(before.get(region.name()), after.get(region.name())) - 16 * pageSize;
            long high = Math.max(before.get(region.name()), after.get(region.name())) + 16 * pageSize;
            long inRuns = resident.getOrDefault(region.name(), 0L);
            assertTrue(low <= inRuns && inRuns <= high, () -> region.name() + " resident: runs " + inRuns
                    + ", counted " + before.get(region.name()) + " before and " + after.get(region.name()) + " after");
        }
        assertEquals(runs.size(), jmcRunCount(file), "JMC's parser reads the same events");
        assertEquals(committed.values().stream().mapToLong(Long::longValue).sum(), jmcTotalSize(file));
    }

    /** Resident bytes of each region's committed pieces, counted with the scanner's own reader. */
    private Map<String, Long> residentByRegion() throws IOException {
        Map<String, Long> resident = new HashMap<>();
        try (PagemapFile pagemap = new PagemapFile(proc.pagemap(), pageSize)) {
            for (Region region : layout.regions()) {
                PageCounts counts = new PageCounts();
                RegionPieces.forEach(region, maps, (r, sub, start, end) -> pagemap.count(start, end, r.views(), counts));
                resident.put(region.name(), counts.present() * pageSize);
            }
        }
        return resident;
    }

    @Test
    void theFileIsPrivateAndGrowsWithRunsNotPages() throws IOException {
        Path file = dir.resolve("snapshot.jfr");
        long runs = PageMapSnapshot.write(file, layout, maps, pages);
        assertEquals(PrivateFiles.OWNER_ONLY, Files.getPosixFilePermissions(file));
        long pages = layout.regions().stream().mapToLong(Region::reservedBytes).sum() / pageSize;
        assertTrue(Files.size(file) < 64 * 1024 + 96 * runs,
                () -> "a snapshot of " + runs + " runs over up to " + pages + " pages is " + file.toFile().length()
                        + " bytes");
    }

    @Test
    void noThreadThatWouldKeepTheJvmAliveOutlivesTheSnapshot() throws Exception {
        java.util.Set<Thread> before = nonDaemonThreads();
        PageMapSnapshot.write(dir.resolve("snapshot.jfr"), layout, maps, pages);
        java.util.Set<Thread> after = nonDaemonThreads();
        after.removeAll(before);
        // A worker of a terminated executor may take a moment to return; one still blocked does not.
        for (Thread t : after) {
            t.join(2000);
        }

        after.removeIf(t -> !t.isAlive());
        assertEquals(java.util.Set.of(), after, "the writer's merging thread (not a daemon) ends with the snapshot");
    }

    private static java.util.Set<Thread> nonDaemonThreads() {
        java.util.Set<Thread> threads = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(t -> t.isDaemon() || !t.isAlive());
        return threads;
    }

    @Test
    void anExistingFileIsLeftAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("snapshot.jfr"), "precious");
        IOException e = assertThrows(IOException.class,
                () -> PageMapSnapshot.write(file, layout, maps, pages));
        assertTrue(e.getMessage().contains("exists; it is not overwritten"), e.getMessage());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void aFailedReadLeavesNoPartialFile() throws IOException {
        Path file = dir.resolve("snapshot.jfr");
        try (PagemapFile empty = new PagemapFile(Files.createFile(dir.resolve("empty-pagemap")), pageSize)) {
            IOException e = assertThrows(IOException.class, () -> PageMapSnapshot.write(file, layout, maps, empty));
            assertTrue(e.getMessage().contains("short read"), e.getMessage());
        }
        assertFalse(Files.exists(file));
    }

    private static long jmcRunCount(Path file) throws Exception {
        long count = 0;
        for (IItemIterable items : pageRuns(file)) {
            count += items.getItemCount();
        }
        return count;
    }

    private static long jmcTotalSize(Path file) throws Exception {
        long total = 0;
        for (IItemIterable items : pageRuns(file)) {
            IMemberAccessor<?, IItem> size = accessor(items.getType(), "size");
            for (IItem item : items) {
                total += ((IQuantity) size.getMember(item)).longValue();
            }
        }
        return total;
    }

    private static List<IItemIterable> pageRuns(Path file) throws Exception {
        IItemCollection all = JfrLoaderToolkit.loadEvents(file.toFile());
        List<IItemIterable> found = new ArrayList<>();
        for (IItemIterable items : all) {
            if (items.getType().getIdentifier().equals(PageMapSnapshot.EVENT_NAME)) {
                found.add(items);
            }
        }
        assertFalse(found.isEmpty(), "JMC finds the page runs");
        return found;
    }

    private static IMemberAccessor<?, IItem> accessor(IType<IItem> type, String field) {
        for (Map.Entry<IAccessorKey<?>, ? extends IDescribable> key : type.getAccessorKeys().entrySet()) {
            if (key.getKey().getIdentifier().equals(field)) {
                return type.getAccessor(key.getKey());
            }
        }
        throw new AssertionError("JMC sees no field " + field + " in " + type.getIdentifier());
    }
}
