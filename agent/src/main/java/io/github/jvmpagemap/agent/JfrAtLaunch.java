package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.proc.ProcFiles;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether this JVM starts a flight recording as it launches: {@code -XX:StartFlightRecording} on
 * its command line or in the variables the JVM and the launcher read options from.
 *
 * <p>It matters up to JDK 21, whose JFR traces exceptions by instrumenting {@code Throwable}: on
 * JDK 17 registering an event class on one thread while another sets that tracing up deadlocks
 * (the two take the {@code jdk.jfr.internal.Utils} class lock and the {@code jdk.jfr.events.Handlers}
 * initialisation lock in opposite orders; seen in this project's tests). The JVM starts a
 * launch-time recording on the main thread right after {@code premain} returns, so there the
 * agent registers its events in {@code premain}, on that same thread, before it. JDK 22 removed
 * the instrumentation, and registering early costs start-up time, so newer JDKs register on the
 * agent's thread. Options in {@code @argfiles} are not seen: the launcher expands them first.
 */
final class JfrAtLaunch {
    static final String OPTION = "StartFlightRecording";
    static final String[] VARIABLES = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"};

    private JfrAtLaunch() {
    }

    /** The last feature release whose JFR instruments {@code Throwable} for exception events. */
    static final int LAST_INSTRUMENTING_EXCEPTIONS = 21;

    /** True if this JVM must have the agent's events registered in {@code premain}. */
    static boolean registerInPremain() {
        return Runtime.version().feature() <= LAST_INSTRUMENTING_EXCEPTIONS && requested();
    }

    /**
     * Reads this process's command line and environment; false if they cannot be read. With the
     * classes the JVM has loaded at start-up alone: this runs in {@code premain}.
     */
    static boolean requested() {
        Map<String, String> environment = new HashMap<>();
        for (String variable : read(ProcFiles.SELF + "/environ").split("\0")) {
            int eq = variable.indexOf('=');
            if (eq > 0) {
                environment.put(variable.substring(0, eq), variable.substring(eq + 1));
            }
        }
        return requested(read(ProcFiles.SELF + "/cmdline"), environment);
    }

    /** A file's text, or nothing if it cannot be read. */
    private static String read(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** @param commandLine the arguments, separated by NUL as in {@code /proc/<pid>/cmdline} */
    static boolean requested(String commandLine, Map<String, String> environment) {
        for (String argument : commandLine.split("\0")) {
            if (argument.startsWith("-XX:" + OPTION)) {
                return true;
            }
        }
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value != null && value.contains("-XX:" + OPTION)) {
                return true;
            }
        }
        return false;
    }
}
