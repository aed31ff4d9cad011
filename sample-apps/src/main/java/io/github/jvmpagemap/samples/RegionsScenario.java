package io.github.jvmpagemap.samples;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * Lesson 5: every kind of G1 heap region at once. Promotes two sets of small arrays and a few
 * arrays of 1 MiB (on ZGC's medium pages) to the old generation with {@code System.gc()}, allocates humongous arrays (larger than half a region,
 * each in regions of its own), keeps some arrays alive through a young collection (survivors),
 * then allocates more that it keeps in eden, and lets the second old set die. While it idles, the
 * dead set still fills old regions; a {@code System.gc()} from outside ({@code jcmd <pid> GC.run})
 * frees them, and G1 keeps them committed and resident as free regions when {@code -Xms} equals
 * {@code -Xmx}. Meant for {@code -XX:+UseG1GC -Xms512m -Xmx512m -Xmn128m} (a young generation
 * large enough that eden is not collected while idle); under other collectors it runs the same
 * allocations, which under ZGC ({@code -Xms512m -Xmx512m}) fill small, medium and large pages, of
 * both generations on JDK 21 and later.
 */
final class RegionsScenario implements Scenario {
    static final int MIB = 1 << 20;
    static final int SMALL_ARRAY = 16 << 10;
    static final int OLD_MIB = 24;
    static final int DEAD_OLD_MIB = 48;
    static final int HUMONGOUS_ARRAYS = 8;
    /** Arrays of 1 MiB: on ZGC's medium pages (objects of 256 KiB to 2 MiB at these heap sizes). */
    static final int MEDIUM_ARRAYS = 8;
    static final int SURVIVOR_MIB = 4;
    static final int EDEN_MIB = 16;

    @Override
    public String name() {
        return "regions";
    }

    @Override
    public String description() {
        return "fills G1's old, humongous, survivor and eden regions, then leaves " + DEAD_OLD_MIB
                + " MiB of old regions dead for a System.gc() to free";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        List<byte[]> old = arrays(OLD_MIB);
        List<byte[]> medium = new ArrayList<>();
        for (int i = 0; i < MEDIUM_ARRAYS; i++) {
            medium.add(touched(new byte[MIB]));
        }
        List<byte[]> deadOld = arrays(DEAD_OLD_MIB);
        System.gc();
        Reference.reachabilityFence(deadOld);
        int region = regionSize();
        List<byte[]> humongous = new ArrayList<>();
        for (int i = 0; i < HUMONGOUS_ARRAYS; i++) {
            humongous.add(new byte[region * 5 / 2]);
        }
        List<byte[]> survivors = arrays(SURVIVOR_MIB);
        youngCollection();
        List<byte[]> eden = arrays(EDEN_MIB);
        deadOld = null;
        report("old " + OLD_MIB + " MiB, medium " + MEDIUM_ARRAYS + " x 1 MiB, dead old " + DEAD_OLD_MIB + " MiB, humongous " + HUMONGOUS_ARRAYS + " x "
                + region * 5 / 2 + " bytes, survivors " + SURVIVOR_MIB + " MiB, eden " + EDEN_MIB + " MiB; ready");
        deadline.sleepUntilPassed();
        Reference.reachabilityFence(old);
        Reference.reachabilityFence(medium);
        Reference.reachabilityFence(humongous);
        Reference.reachabilityFence(survivors);
        Reference.reachabilityFence(eden);
    }

    /** {@code mib} MiB of small arrays, every page written. */
    private static List<byte[]> arrays(int mib) {
        List<byte[]> arrays = new ArrayList<>();
        for (int i = 0; i < mib * (MIB / SMALL_ARRAY); i++) {
            arrays.add(touched(new byte[SMALL_ARRAY]));
        }
        return arrays;
    }

    /** {@code a} with a byte written every 512, so that every page it covers is resident. */
    private static byte[] touched(byte[] a) {
        for (int b = 0; b < a.length; b += 512) {
            a[b] = 1;
        }
        return a;
    }

    /**
     * G1's region size, or Shenandoah's when set on the command line; otherwise 1 MiB (Shenandoah's
     * at a 2 GiB heap; under other collectors the arrays are merely large).
     */
    private static int regionSize() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (String option : new String[] {"G1HeapRegionSize", "ShenandoahRegionSize"}) {
            try {
                int size = Integer.parseInt(hotspot.getVMOption(option).getValue());
                if (size > 0) {
                    return size;
                }
            } catch (IllegalArgumentException e) {
                // not this collector's option, or not a number: try the next
            }
        }
        return MIB;
    }

    /** Allocates garbage until a collection has run, so that what is live in eden moves on. */
    private static void youngCollection() {
        long before = collections();
        byte[] sink = null;
        while (collections() == before) {
            for (int i = 0; i < 1024; i++) {
                sink = new byte[SMALL_ARRAY];
            }
        }
        Reference.reachabilityFence(sink);
    }

    private static long collections() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += gc.getCollectionCount();
        }
        return count;
    }
}
