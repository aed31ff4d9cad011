package io.github.jvmpagemap.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * Lesson 9: the memory outside the JVM's regions, one kind of each. {@value #THREADS} threads
 * named {@code native-worker-<n>} each recurse {@value #DEPTH} frames deep and wait there, so
 * their stacks are resident; one direct buffer of {@value #DIRECT_MIB} MiB (glibc maps it on its
 * own) and, from each of {@value #ARENA_THREADS} threads, small direct buffers that glibc serves
 * from that thread's arena; a file of {@value #FILE_MIB} MiB mapped and read through; and, with
 * the samples' native library, {@value #MMAP_MIB} MiB mapped directly with {@code mmap}, which
 * no allocator owns; and with -D{@value #MAPPINGS_PROPERTY}=n, n one-page mappings of the file, to
 * bring the process near the kernel's mapping limit. Every byte is written (or read, for the
 * file), so all of it is resident.
 */
final class NativeScenario implements Scenario {
    static final int THREADS = 40;
    static final int DEPTH = 2_000;
    static final int DIRECT_MIB = 64;
    static final int ARENA_THREADS = 4;
    static final int ARENA_BUFFERS = 64;
    static final int ARENA_BUFFER_BYTES = 64 * 1024;
    static final int FILE_MIB = 16;
    static final int MMAP_MIB = 32;
    static final String MAPPINGS_PROPERTY = "samples.native.mappings";
    private static final int MIB = 1 << 20;

    @Override
    public String name() {
        return "native";
    }

    @Override
    public String description() {
        return THREADS + " threads with deep stacks, " + DIRECT_MIB + " MiB of direct buffers, malloc from "
                + ARENA_THREADS + " threads, a " + FILE_MIB + " MiB mapped file, and with -D" + NativeLibrary.PROPERTY
                + " " + MMAP_MIB + " MiB mapped directly";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        boolean withLibrary = System.getProperty(NativeLibrary.PROPERTY) != null;
        if (withLibrary) {
            NativeLibrary.load();
        }
        CountDownLatch deep = new CountDownLatch(THREADS);
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread worker = new Thread(() -> DeepStack.recurse(DEPTH, deep, done), "native-worker-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        ByteBuffer direct = written(ByteBuffer.allocateDirect(DIRECT_MIB * MIB));
        List<ByteBuffer> arenaBuffers = fromArenas();
        Path file;
        MappedByteBuffer mapped;
        try {
            file = Files.createTempFile("jvm-pagemap-native", ".data");
            file.toFile().deleteOnExit();
            byte[] block = new byte[MIB];
            new SplittableRandom(3).nextBytes(block);
            for (int i = 0; i < FILE_MIB; i++) {
                Files.write(file, block, StandardOpenOption.APPEND);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, (long) FILE_MIB * MIB);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long sum = 0;
        for (int i = 0; i < mapped.capacity(); i += 4096) {
            sum += mapped.get(i);
        }
        List<MappedByteBuffer> pages = mapPages(file, Settings.positiveInt(MAPPINGS_PROPERTY, 0));
        long mappedDirectly = withLibrary ? mapAndWrite((long) MMAP_MIB * MIB) : 0;
        if (withLibrary && mappedDirectly == 0) {
            throw new IllegalStateException("mmap of " + MMAP_MIB + " MiB failed");
        }
        deep.await();
        report("threads " + THREADS + ", direct " + DIRECT_MIB + " MiB, arenas " + ARENA_THREADS + ", file " + file
                + " (checksum " + sum + ")" + (withLibrary ? ", mapped 0x" + Long.toHexString(mappedDirectly) : "")
                + ", ready");
        deadline.sleepUntilPassed();
        done.countDown();
        Reference.reachabilityFence(direct);
        Reference.reachabilityFence(arenaBuffers);
        Reference.reachabilityFence(mapped);
        Reference.reachabilityFence(workers);
        Reference.reachabilityFence(pages);
    }

    /**
     * {@code count} mappings of the file's first page, each read once: as many kernel mappings
     * (the same offset again and again, so the kernel cannot merge them), to bring the process near
     * its mapping limit ({@code vm.max_map_count}).
     */
    private static List<MappedByteBuffer> mapPages(Path file, int count) {
        List<MappedByteBuffer> pages = new ArrayList<>(count);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int i = 0; i < count; i++) {
                MappedByteBuffer page = channel.map(FileChannel.MapMode.READ_ONLY, 0, 4096);
                page.get(0);
                pages.add(page);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** Small direct buffers from several threads: glibc gives each thread an arena of its own. */
    private static List<ByteBuffer> fromArenas() throws InterruptedException {
        List<ByteBuffer> buffers = new ArrayList<>();
        List<Thread> allocators = new ArrayList<>();
        for (int t = 0; t < ARENA_THREADS; t++) {
            Thread allocator = new Thread(() -> {
                List<ByteBuffer> mine = new ArrayList<>();
                for (int i = 0; i < ARENA_BUFFERS; i++) {
                    mine.add(written(ByteBuffer.allocateDirect(ARENA_BUFFER_BYTES)));
                }
                synchronized (buffers) {
                    buffers.addAll(mine);
                }
            }, "native-allocator-" + t);
            allocator.start();
            allocators.add(allocator);
        }
        for (Thread allocator : allocators) {
            allocator.join();
        }
        return buffers;
    }

    private static ByteBuffer written(ByteBuffer buffer) {
        byte[] block = new byte[4096];
        new SplittableRandom(buffer.capacity()).nextBytes(block);
        for (int at = 0; at + block.length <= buffer.capacity(); at += block.length) {
            buffer.put(at, block);
        }
        return buffer;
    }

    /** mmap of anonymous memory, every page written; its address, or 0 if mmap failed. */
    private static native long mapAndWrite(long bytes);
}
