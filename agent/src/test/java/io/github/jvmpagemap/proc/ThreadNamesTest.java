package io.github.jvmpagemap.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadNamesTest {
    /** U+1F389, as modified UTF-8 writes it: each surrogate of its pair in three bytes. */
    private static final byte[] PARTY_MODIFIED = {(byte) 0xed, (byte) 0xa0, (byte) 0xbc, (byte) 0xed, (byte) 0xbe,
        (byte) 0x89};

    @Test
    void aCharacterBeyondTheBmpInModifiedUtf8IsReadWhole() {
        byte[] name = concat("job-".getBytes(StandardCharsets.US_ASCII), PARTY_MODIFIED);
        assertEquals("job-\uD83C\uDF89", ThreadNames.decode(name, name.length));
    }

    @Test
    void utf8ReadsAsItselfAndACharacterTheKernelCutIsLeftOut() {
        byte[] name = "naïve-日本".getBytes(StandardCharsets.UTF_8);
        assertEquals("naïve-日本", ThreadNames.decode(name, name.length));
        assertEquals("naïve-日", ThreadNames.decode(name, name.length - 1), "the last character cut after a byte");
        byte[] party = "x\uD83C\uDF89".getBytes(StandardCharsets.UTF_8);
        assertEquals("x\uD83C\uDF89", ThreadNames.decode(party, party.length), "four-byte UTF-8 too");
    }

    @Test
    void aMalformedByteIsAReplacementCharacterNotTheEndOfTheName() {
        byte[] name = {'a', (byte) 0x80, 'b', (byte) 0xc3, 'c'};
        assertEquals("a\uFFFDb\uFFFDc", ThreadNames.decode(name, name.length));
    }

    @Test
    void aJavaNameIsCutWhereTheKernelCutsIt() {
        assertEquals("jvm-pagemap sca", ThreadNames.asKernelKeeps("jvm-pagemap scanner"));
        // 9 bytes, then the emoji's six: exactly fifteen.
        assertEquals("worker-1-\uD83C\uDF89", ThreadNames.asKernelKeeps("worker-1-\uD83C\uDF89-and-more"));
        // 12 bytes, then the first surrogate's three: the second surrogate alone is cut.
        assertEquals("worker-12345\uD83C", ThreadNames.asKernelKeeps("worker-12345\uD83C\uDF89"));
    }

    @Test
    void aJavaThreadsNameReadsBackFromTheKernelAsItWouldBeCut() throws Exception {
        for (String name : new String[] {"plain-name", "job-\uD83C\uDF89-🎈", "日本語のスレッド名です", "ab\u00e9\uD83C\uDF89"}) {
            AtomicReference<byte[]> comm = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    comm.set(Files.readAllBytes(Path.of("/proc/thread-self/comm")));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, name);
            t.start();
            t.join();
            byte[] bytes = comm.get();
            assertEquals(ThreadNames.asKernelKeeps(name), ThreadNames.decode(bytes, bytes.length - 1),
                    "the JVM named its thread " + name);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
