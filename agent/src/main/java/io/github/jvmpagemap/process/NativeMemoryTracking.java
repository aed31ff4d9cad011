package io.github.jvmpagemap.process;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.jvmpagemap.jvm.DiagnosticCommandException;
import io.github.jvmpagemap.jvm.DiagnosticCommands;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The JVM's Native Memory Tracking as a source of labels for the mappings ({@link NmtLabels}),
 * when it is on ({@code -XX:NativeMemoryTracking=summary|detail}): {@code System.map} on JDK 22+,
 * the virtual memory map of {@code VM.native_memory detail} before (which {@code summary} does
 * not print). Each read costs the JVM a pass over its mappings (measured 3-34 ms), so the caller
 * asks only when the mappings changed. A command that fails leaves the labels out, with one
 * problem line, and is tried again at the next change.
 */
final class NativeMemoryTracking {
    private final DiagnosticCommands commands;
    private final int jdkFeature;
    private final String mode;
    private String problem;
    private int reads;

    /**
     * @param mode the value of {@code -XX:NativeMemoryTracking}: {@code off}, {@code summary} or
     *     {@code detail}; null if it could not be told (then NMT is taken to be off)
     */
    NativeMemoryTracking(DiagnosticCommands commands, int jdkFeature, String mode) {
        this.commands = commands;
        this.jdkFeature = jdkFeature;
        this.mode = mode == null ? "off" : mode;
    }

    /** The value of {@code -XX:NativeMemoryTracking}, or null where the JVM cannot tell (no jdk.management). */
    static String mode() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("NativeMemoryTracking")
                    .getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** True if NMT is on, so that {@link #read()} may find labels. */
    boolean on() {
        return !mode.equals("off");
    }

    /** The labels NMT gives now; none where NMT is off, gives no addresses, or the command failed. */
    List<NmtLabels.Label> read() {
        problem = null;
        if (!on()) {
            return List.of();
        }
        try {
            if (jdkFeature >= 22) {
                reads++;
                return NmtLabels.fromSystemMap(commands.run("System.map"));
            }
            if (mode.equals("detail")) {
                reads++;
                return NmtLabels.fromVirtualMemoryMap(commands.run("VM.native_memory detail"));
            }
            problem = "NMT labels: -XX:NativeMemoryTracking=summary prints no addresses before JDK 22;"
                    + " with =detail the agent names the mappings NMT knows";
        } catch (RuntimeException e) {
            problem = "NMT labels: " + (e instanceof DiagnosticCommandException ? e.getMessage() : e.toString())
                    + "; mappings classified without them";
        }
        return List.of();
    }

    /** Why the last read gave no labels although NMT is on, or null. */
    String problem() {
        return problem;
    }

    /** How many times the JVM was asked, for the layout's count of discoveries. */
    int reads() {
        return reads;
    }
}
