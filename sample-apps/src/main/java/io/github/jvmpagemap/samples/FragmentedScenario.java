package io.github.jvmpagemap.samples;

/**
 * Memory in many short runs: -D{@value #MIB_PROPERTY} MiB mapped anonymous with one byte written
 * in every other page (by the samples' native library), so that present and absent pages
 * alternate in tens of thousands of runs, far more than a walk of the page tables gets back at a
 * time. The walk must count each page once however the kernel hands its runs back.
 */
final class FragmentedScenario implements Scenario {
    static final String MIB_PROPERTY = "samples.fragmented.mib";
    private static final int DEFAULT_MIB = 256;

    @Override
    public String name() {
        return "fragmented";
    }

    @Override
    public String description() {
        return "maps -D" + MIB_PROPERTY + "=" + DEFAULT_MIB + " MiB and writes every other page of it, then sleeps"
                + " (needs -D" + NativeLibrary.PROPERTY + ")";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        long bytes = (long) Settings.positiveInt(MIB_PROPERTY, DEFAULT_MIB) << 20;
        NativeLibrary.load();
        long address = mapEveryOtherPage(bytes);
        if (address == 0) {
            throw new IllegalStateException("mmap of " + bytes + " bytes failed");
        }
        report("mapped 0x" + Long.toHexString(address) + " of " + (bytes >> 20)
                + " MiB, every other page written, ready");
        deadline.sleepUntilPassed();
    }

    private static native long mapEveryOtherPage(long bytes);
}
