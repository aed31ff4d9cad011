package io.github.jvmpagemap.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.github.jvmpagemap.jvm.JvmLayout;
import io.github.jvmpagemap.jvm.MBeanDiagnosticCommands;
import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Collector;
import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.layout.RegionLayout;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.residency.Figure;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.rows.RowNames;
import io.github.jvmpagemap.scan.PagemapFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
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
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * A snapshot of this very test JVM: the runs come from the scan's own walk, so they cover every
 * committed page of every region and sub-region exactly once and add up to that scan's figures;
 * they read the same in the JDK's parser and JMC's.
 */
class PageMapSnapshotTest {
    @TempDir
    Path dir;

    ProcFiles proc = ProcFiles.self();
    long pageSize = proc.pageSize();
    PagemapFile pages;
    ResidencyScanner scanner;

    @BeforeEach
    void openThisJvm() throws IOException {
        pages = new PagemapFile(proc.pagemap(), pageSize);
        scanner = scanner(pages);
    }

    private ResidencyScanner scanner(PagemapFile table) {
        return new ResidencyScanner(proc, table, JvmLayout.of(new MBeanDiagnosticCommands(), pageSize), pageSize);
    }

    @AfterEach
    void close() {
        pages.close();
    }

    @Test
    void runsCoverEveryCommittedPageOnceAndAddUpToTheirScansFiguresInBothParsers() throws Exception {
        Path file = dir.resolve("snapshot.jfr");

        Residency scan = PageMapSnapshot.write(file, scanner);

        assertEquals(List.of(), scan.problems());
        List<RecordedEvent> runs = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(PageMapSnapshot.EVENT_NAME)).toList();
        Map<String, Long> committed = new HashMap<>();
        Map<String, Long> resident = new HashMap<>();
        for (RecordedEvent run : runs) {
            long size = run.getLong("end") - run.getLong("start");
            assertEquals(size, run.getLong("size"));
            assertTrue(size > 0 && size % pageSize == 0, run::toString);
            for (String row : List.of(run.getString("region"), run.getString("region") + "/" + run.getString("subRegion"))) {
                committed.merge(row, size, Long::sum);
                if (!run.getString("state").equals("not present") && !run.getString("state").equals("swapped")) {
                    resident.merge(row, size, Long::sum);
                }
            }
        }
        for (RegionResidency row : scan.regions()) {
            String key = row.region() + (row.isSubRegion() ? "/" + row.subRegion() : "");
            assertEquals(row.get(Figure.COMMITTED), committed.getOrDefault(key, 0L), key + " committed");
            assertEquals(row.get(Figure.RESIDENT), resident.getOrDefault(key, 0L), key + " resident");
        }
        assertEquals(runs.size(), jmcRunCount(file), "JMC's parser reads the same events");
        assertEquals(committed.entrySet().stream().filter(e -> !e.getKey().contains("/")).mapToLong(Map.Entry::getValue)
                .sum(), jmcTotalSize(file));
    }

    @Test
    void theFileSaysHowThePagesWereReadAndWhichStatesTheyTellApart() throws IOException {
        Path file = dir.resolve("snapshot.jfr");

        PageMapSnapshot.write(file, scanner);

        List<RecordedEvent> info = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(PageMapSnapshot.INFO_EVENT_NAME)).toList();
        assertEquals(1, info.size());
        assertEquals("pagemap", info.get(0).getString("method"));
        assertEquals("basic", info.get(0).getString("detail"));
        // pagemap entries alone tell neither huge pages nor the zero page
        assertEquals("resident, swapped, not present", info.get(0).getString("states"));
    }

    @Test
    void theFileIsPrivateAndGrowsWithRunsNotPages() throws IOException {
        Path file = dir.resolve("snapshot.jfr");
        Residency scan = PageMapSnapshot.write(file, scanner);
        assertEquals(PrivateFiles.OWNER_ONLY, Files.getPosixFilePermissions(file));
        long runs = RecordingFile.readAllEvents(file).size();
        long pages = scan.regions().stream().filter(r -> !r.isSubRegion()).mapToLong(r -> r.get(Figure.RESERVED))
                .sum() / pageSize;
        assertTrue(Files.size(file) < 64 * 1024 + 96 * runs,
                () -> "a snapshot of " + runs + " runs over up to " + pages + " pages is " + file.toFile().length()
                        + " bytes");
    }

    @Test
    void noThreadThatWouldKeepTheJvmAliveOutlivesTheSnapshot() throws Exception {
        java.util.Set<Thread> before = nonDaemonThreads();
        PageMapSnapshot.write(dir.resolve("snapshot.jfr"), scanner);
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
                () -> PageMapSnapshot.write(file, scanner));
        assertTrue(e.getMessage().contains("exists; it is not overwritten"), e.getMessage());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void aFailedReadLeavesNoPartialFile() throws IOException {
        Path file = dir.resolve("snapshot.jfr");
        try (PagemapFile empty = new PagemapFile(Files.createFile(dir.resolve("empty-pagemap")), pageSize)) {
            IOException e = assertThrows(IOException.class,
                    () -> PageMapSnapshot.write(file, scanner(empty)));
            assertTrue(e.getMessage().contains("short read"), e.getMessage());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void startAndEndReadAsMemoryAddressesAndSizeAsBytesInBothParsers() throws Exception {
        Path file = dir.resolve("snapshot.jfr");
        PageMapSnapshot.write(file, scanner);

        RecordedEvent run = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(PageMapSnapshot.EVENT_NAME)).findFirst().orElseThrow();
        assertEquals("jdk.jfr.MemoryAddress", run.getEventType().getField("start").getContentType());
        assertEquals("jdk.jfr.MemoryAddress", run.getEventType().getField("end").getContentType());
        assertEquals("jdk.jfr.DataAmount", run.getEventType().getField("size").getContentType());
        assertEquals("jdk.jfr.Timestamp", run.getEventType().getField("startTime").getContentType());
        assertTrue(Math.abs(Duration.between(run.getStartTime(), Instant.now()).toMinutes()) < 5, run::toString);
        // the JDK's printer formats addresses in hexadecimal
        assertTrue(run.toString().contains("start = 0x"), run::toString);

        IItemIterable items = pageRuns(file).get(0);
        assertEquals(UnitLookup.ADDRESS, contentType(items.getType(), "start"));
        assertEquals(UnitLookup.ADDRESS, contentType(items.getType(), "end"));
        assertEquals(UnitLookup.MEMORY, contentType(items.getType(), "size"));
    }

    @Test
    void writingASnapshotAllocatesTheSameForThousandsOfRunsAsForAFew() throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long size = 64L << 20;
        try (FileChannel backing = FileChannel.open(dir.resolve("backing"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // A shared file mapping: a write fault maps that page (or its folio) alone, not its neighbours.
            MappedByteBuffer memory = backing.map(FileChannel.MapMode.READ_WRITE, 0, size);
            long base = mappedAt(dir.resolve("backing"));
            RegionLayout layout = new RegionLayout(List.of(new Region(RowNames.JAVA_HEAP,
                    List.of(new AddressRange(base, base + size)))), Collector.G1, List.of(), 0);
            ResidencyScanner mapped = new ResidencyScanner(proc, pages, maps -> layout, pageSize);
            memory.put(0, (byte) 1);
            PageMapSnapshot.write(dir.resolve("warm-up.jfr"), mapped);

            long before = threads.getCurrentThreadAllocatedBytes();
            PageMapSnapshot.write(dir.resolve("few.jfr"), mapped);
            long few = threads.getCurrentThreadAllocatedBytes() - before;
            for (long at = 0; at < size; at += 2 * pageSize) {
                memory.put((int) at, (byte) 1);
            }
            before = threads.getCurrentThreadAllocatedBytes();
            PageMapSnapshot.write(dir.resolve("many.jfr"), mapped);
            long many = threads.getCurrentThreadAllocatedBytes() - before;

            long runs = RecordingFile.readAllEvents(dir.resolve("many.jfr")).stream()
                    .filter(e -> e.getEventType().getName().equals(PageMapSnapshot.EVENT_NAME)
                            && e.getString("region").equals(RowNames.JAVA_HEAP)).count();
            // one run per page, or per large folio where the file system's page cache maps several at a time
            assertTrue(runs > 1000, () -> runs + " runs");
            assertTrue(many - few < runs, () -> runs + " runs allocated " + many + " bytes, 2 runs " + few);
        }
    }

    /** Where the maps say {@code file} is mapped. */
    private static long mappedAt(Path file) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.endsWith(" " + file.toRealPath())) {
                return Long.parseUnsignedLong(line.substring(0, line.indexOf('-')), 16);
            }
        }
        throw new AssertionError(file + " is not in the maps");
    }

    private static IType<?> contentType(IType<IItem> type, String field) {
        for (IAccessorKey<?> key : type.getAccessorKeys().keySet()) {
            if (key.getIdentifier().equals(field)) {
                return key.getContentType();
            }
        }
        throw new AssertionError("JMC sees no field " + field);
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
