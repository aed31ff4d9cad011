package io.github.jvmpagemap.scan;

import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.proc.ProcReader;
import io.github.jvmpagemap.proc.ProcReaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads a few words of this process's memory through {@code pread} on {@code /proc/self/mem},
 * never by dereferencing an address: another thread may unmap it at any moment, and a read of an
 * unmapped address then fails cleanly instead of crashing the JVM. A word is read only where
 * {@code /proc/self/pagemap} says its page is in RAM, since reading a page that is not would swap
 * it in or make it resident. Descriptors are held from a read to the next {@link #release()}.
 */
public final class ProcessMemory implements MemoryWords, AutoCloseable {
    private final Path memPath;
    private final Path pagemapPath;
    private final long pageSize;
    private final ByteBuffer entry = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder());
    private final ByteBuffer words = ByteBuffer.allocateDirect(8 * Long.BYTES).order(ByteOrder.nativeOrder());
    private ProcReader mem;
    private ProcReader pagemap;

    public ProcessMemory(ProcFiles proc, long pageSize) {
        this.memPath = proc.mem();
        this.pagemapPath = proc.pagemap();
        this.pageSize = pageSize;
    }

    @Override
    public boolean read(long address, long[] into, int count) {
        if (address < 0) {
            return false; // above the user address space
        }
        if (count > words.capacity() / Long.BYTES
                || address / pageSize != (address + (long) count * Long.BYTES - 1) / pageSize) {
            throw new IllegalArgumentException("at most 8 words within one page: " + count + " at 0x"
                    + Long.toHexString(address));
        }
        try {
            if (!resident(address)) {
                return false;
            }
            if (mem == null) {
                mem = ProcReaders.open(memPath);
            }
            words.clear().limit(count * Long.BYTES);
            while (words.hasRemaining()) {
                if (mem.read(words, address + words.position()) <= 0) {
                    return false;
                }
            }
            for (int i = 0; i < count; i++) {
                into[i] = words.getLong(i * Long.BYTES);
            }
            return true;
        } catch (IOException e) {
            return false; // unmapped meanwhile, or not readable: not identified
        }
    }

    private boolean resident(long address) throws IOException {
        if (pagemap == null) {
            pagemap = ProcReaders.open(pagemapPath);
        }
        entry.clear();
        long position = address / pageSize * Long.BYTES;
        while (entry.hasRemaining()) {
            if (pagemap.read(entry, position + entry.position()) <= 0) {
                return false;
            }
        }
        return PagemapEntry.isPresent(entry.getLong(0));
    }

    /** Lets go of the descriptors until the next read. */
    public void release() {
        if (mem != null) {
            mem.release();
        }
        if (pagemap != null) {
            pagemap.release();
        }
    }

    @Override
    public void close() {
        if (mem != null) {
            mem.close();
        }
        if (pagemap != null) {
            pagemap.close();
        }
    }
}
