package io.github.jvmpagemap.samples;

import java.lang.ref.Reference;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * Lesson 10: pages written again and again, a known set of them. Holds a {@value #ARRAY_MIB} MiB
 * byte array (under G1 a humongous object, in regions of its own) and a {@value #DIRECT_MIB} MiB
 * direct buffer (glibc maps it on its own: the native heap), every page of both written once;
 * then, every -D{@value #PERIOD_PROPERTY}={@value #DEFAULT_PERIOD_MILLIS} milliseconds, writes one
 * byte in every {@value #ARRAY_PAGE_STRIDE}th page of the array ({@value #ARRAY_WRITTEN_MIB} MiB
 * of its pages) and one in every page of the buffer's first {@value #DIRECT_WRITTEN_MIB} MiB, and
 * nothing else: the loop allocates nothing. A write window of any length longer than the period
 * sees exactly those pages written, and the rest of both still resident and not written.
 */
final class WrittenScenario implements Scenario {
    static final int ARRAY_MIB = 64;
    static final int DIRECT_MIB = 64;
    static final int ARRAY_WRITTEN_MIB = 16;
    static final int DIRECT_WRITTEN_MIB = 10;
    static final int ARRAY_PAGE_STRIDE = 4;
    static final String PERIOD_PROPERTY = "samples.written.millis";
    private static final int DEFAULT_PERIOD_MILLIS = 100;
    private static final int MIB = 1 << 20;
    private static final int PAGE = 4096;

    @Override
    public String name() {
        return "written";
    }

    @Override
    public String description() {
        return "holds a " + ARRAY_MIB + " MiB array and a " + DIRECT_MIB + " MiB direct buffer; every -D"
                + PERIOD_PROPERTY + "=" + DEFAULT_PERIOD_MILLIS + " ms writes " + ARRAY_WRITTEN_MIB + " and "
                + DIRECT_WRITTEN_MIB + " MiB of their pages";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        int periodMillis = Settings.positiveInt(PERIOD_PROPERTY, DEFAULT_PERIOD_MILLIS);
        long maxHeapMib = Runtime.getRuntime().maxMemory() / MIB;
        if (ARRAY_MIB * 2 > maxHeapMib) {
            throw new BadInputException("the " + ARRAY_MIB + " MiB array needs a maximum heap of " + 2 * ARRAY_MIB
                    + " MiB or more (-Xmx), not " + maxHeapMib + " MiB");
        }
        byte[] array = new byte[ARRAY_MIB * MIB];
        ByteBuffer direct = ByteBuffer.allocateDirect(DIRECT_MIB * MIB);
        // Every page written once, with bytes that are not zero: all of both is resident.
        for (int at = 0; at < array.length; at += PAGE) {
            array[at] = (byte) (at / PAGE | 1);
        }
        for (int at = 0; at < direct.capacity(); at += PAGE) {
            direct.put(at, (byte) (at / PAGE | 1));
        }
        report("array " + ARRAY_MIB + " MiB, direct buffer " + DIRECT_MIB + " MiB" + address(direct) + "; writing "
                + ARRAY_WRITTEN_MIB + " MiB of the array's pages (every " + ARRAY_PAGE_STRIDE + "th) and the buffer's"
                + " first " + DIRECT_WRITTEN_MIB + " MiB every " + periodMillis + " ms, ready");
        int arrayStride = ARRAY_PAGE_STRIDE * PAGE;
        int arrayWrites = ARRAY_WRITTEN_MIB * MIB / PAGE;
        int directEnd = DIRECT_WRITTEN_MIB * MIB;
        for (byte round = 2; !deadline.hasPassed(); round++) {
            // Indexes from the array's first element: its header lies in the same page as that
            // element, so whatever the array's alignment, these are the pages written.
            for (int i = 0; i < arrayWrites; i++) {
                array[i * arrayStride] = round;
            }
            for (int at = 0; at < directEnd; at += PAGE) {
                direct.put(at, round);
            }
            Thread.sleep(periodMillis);
        }
        Reference.reachabilityFence(array);
        Reference.reachabilityFence(direct);
    }

    /**
     * " at 0x..." where the buffer's memory starts, where the JDK can say (JDK 22+, through
     * {@code MemorySegment.ofBuffer}, looked up by reflection since the samples build for JDK 17);
     * empty elsewhere.
     */
    private static String address(ByteBuffer buffer) {
        try {
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            Object memory = segment.getMethod("ofBuffer", Buffer.class).invoke(null, buffer);
            return " at 0x" + Long.toHexString((Long) segment.getMethod("address").invoke(memory));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }
}
