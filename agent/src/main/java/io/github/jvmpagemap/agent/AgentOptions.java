package io.github.jvmpagemap.agent;

import io.github.jvmpagemap.scan.Detail;
import io.github.jvmpagemap.scan.ScanMethod;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's options: {@code key=value} pairs separated by commas, as given after
 * {@code -javaagent:jvm-pagemap-agent.jar=} or {@code attach <pid>}.
 *
 * @param interval period of the background scan
 * @param jfr register the JFR events
 * @param jmx register the MBeans
 * @param print period of the table on stderr, or null for none
 * @param printAtExit print the table once more when the JVM exits ({@code print=exit} alone, or with any period)
 * @param recording path of the agent's own JFR recording, or null
 * @param method how the page tables are read
 * @param detail how closely pages are examined
 * @param written length of the write window armed before each background scan, or null for none
 * @param writtenSample those windows watch one block of pages in this many (1: every page)
 * @param maxCpu the cap on the agent's CPU as a fraction of one core, or 0 for none
 */
public record AgentOptions(Duration interval, boolean jfr, boolean jmx, Duration print, boolean printAtExit,
        String recording, ScanMethod method, Detail detail, Duration written, int writtenSample, double maxCpu) {

    /** One block of pages in this many watched by the periodic windows unless asked otherwise. */
    public static final int DEFAULT_WRITTEN_SAMPLE = 64;
    static final int LARGEST_WRITTEN_SAMPLE = 1 << 20;
    /** The agent's CPU cap unless asked otherwise: half a percent of one core. */
    public static final double DEFAULT_MAX_CPU = 0.005;
    /** The lowest cap accepted, as a fraction of a core: below it scans would be hours apart. */
    static final double LOWEST_MAX_CPU = 0.0001;

    static final List<String> NAMES = List.of("interval", "jfr", "jmx", "print", "recording", "method", "detail",
            "written", "writtenSample", "maxCpu");
    static final Duration SHORTEST_PERIOD = Duration.ofMillis(100);
    static final Duration LONGEST_PERIOD = Duration.ofHours(24);
    /** The units of a duration, longest suffix first: {@code ms} before {@code s}. */
    private static final String[] UNITS = {"ms", "s", "m", "h"};

    public static AgentOptions defaults() {
        return new AgentOptions(Duration.ofSeconds(10), true, true, null, false, null, ScanMethod.AUTO, Detail.AUTO,
                null, DEFAULT_WRITTEN_SAMPLE, DEFAULT_MAX_CPU);
    }

    /** @throws IllegalArgumentException with a one-line message naming the bad option and the valid choices */
    public static AgentOptions parse(String text) {
        AgentOptions d = defaults();
        if (text == null || text.isBlank()) {
            return d;
        }
        Duration interval = d.interval;
        boolean jfr = d.jfr;
        boolean jmx = d.jmx;
        Duration print = d.print;
        boolean printAtExit = d.printAtExit;
        double maxCpu = d.maxCpu;
        String recording = d.recording;
        ScanMethod method = d.method;
        Detail detail = d.detail;
        Duration written = d.written;
        int writtenSample = d.writtenSample;
        Set<String> seen = new HashSet<>();
        for (String pair : text.split(",", -1)) {
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).trim();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty option in '" + text + "'; expected key=value pairs"
                        + " separated by commas");
            }
            if (!NAMES.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; valid options: "
                        + String.join(", ", NAMES));
            }
            if (eq < 0 || pair.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException("option '" + key + "' needs a value, as in " + example(key));
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("option '" + key + "' is given twice");
            }
            String value = pair.substring(eq + 1).trim();
            switch (key) {
                case "interval" -> interval = period(key, value);
                case "jfr" -> jfr = onOff(key, value);
                case "jmx" -> jmx = onOff(key, value);
                case "print" -> {
                    print = value.equals("off") || value.equals("exit") ? null : period(key, value);
                    printAtExit = !value.equals("off");
                }
                case "maxCpu" -> maxCpu = share(value);
                case "recording" -> recording = value;
                case "method" -> method = ScanMethod.valueOf(choice(key, value, "auto", "scan", "pagemap")
                        .toUpperCase(Locale.ROOT));
                case "written" -> written = value.equals("off") ? null : period(key, value);
                case "writtenSample" -> writtenSample = sample(value);
                default -> detail = Detail.valueOf(choice(key, value, "auto", "basic", "full")
                        .toUpperCase(Locale.ROOT));
            }
        }
        AgentOptions o = new AgentOptions(interval, jfr, jmx, print, printAtExit, recording, method, detail, written,
                writtenSample, maxCpu);
        if (o.written != null && o.written.compareTo(o.interval) > 0) {
            throw new IllegalArgumentException("bad value for written: the write window (" + o.written.toMillis()
                    + " ms) must not be longer than the interval (" + o.interval.toMillis() + " ms)");
        }
        return o;
    }

    private static String example(String key) {
        return switch (key) {
            case "interval" -> "interval=10s";
            case "print" -> "print=30s";
            case "written" -> "written=1s";
            case "writtenSample" -> "writtenSample=64";
            case "maxCpu" -> "maxCpu=2%";
            case "recording" -> "recording=/tmp/pagemap.jfr";
            case "method" -> "method=auto";
            case "detail" -> "detail=auto";
            default -> key + "=on";
        };
    }

    /**
     * A duration as the options spell it ({@code 500ms}, {@code 2s}), from 100 ms to 24 h, for the
     * command line's own options.
     *
     * @throws IllegalArgumentException naming {@code what} and the valid spellings
     */
    public static Duration duration(String what, String value) {
        return period(what, value);
    }

    private static Duration period(String key, String value) {
        String unit = null;
        for (String u : UNITS) {
            if (unit == null && value.endsWith(u)) {
                unit = u;
            }
        }
        String digits = unit == null ? "" : value.substring(0, value.length() - unit.length());
        if (!wholeNumber(digits)) {
            throw new IllegalArgumentException("bad value '" + value + "' for " + key
                    + "; expected a duration such as 500ms, 10s, 1m or 1h"
                    + (key.equals("print") ? ", exit or off" : key.equals("written") ? ", or off" : ""));
        }
        Duration d;
        try {
            long amount = Long.parseLong(digits);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            d = LONGEST_PERIOD.plusMillis(1);
        }
        if (d.compareTo(SHORTEST_PERIOD) < 0) {
            throw new IllegalArgumentException("bad value '" + value + "' for " + key + "; the shortest period is 100ms");
        }
        if (d.compareTo(LONGEST_PERIOD) > 0) {
            throw new IllegalArgumentException("bad value '" + value + "' for " + key + "; the longest period is 24h");
        }
        return d;
    }

    /** {@code 0.5%} as 0.005; {@code off} as 0. */
    private static double share(String value) {
        if (value.equals("off")) {
            return 0;
        }
        double percent = -1;
        if (value.endsWith("%")) {
            try {
                percent = Double.parseDouble(value.substring(0, value.length() - 1));
            } catch (NumberFormatException e) {
                percent = -1;
            }
        }
        if (!(percent * 0.01 >= LOWEST_MAX_CPU && percent <= 100)) {
            throw new IllegalArgumentException("bad value '" + value + "' for maxCpu; expected a share of one core"
                    + " from " + LOWEST_MAX_CPU * 100 + "% to 100% (maxCpu=0.5%, maxCpu=2%), or off");
        }
        return percent / 100;
    }

    /** True for one or more decimal digits: without a regular expression nor a lambda, as {@code premain} parses. */
    private static boolean wholeNumber(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static int sample(String value) {
        int every;
        try {
            every = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            every = 0;
        }
        if (every < 1 || every > LARGEST_WRITTEN_SAMPLE) {
            throw new IllegalArgumentException("bad value '" + value + "' for writtenSample; expected a whole number"
                    + " from 1 (every page) to " + LARGEST_WRITTEN_SAMPLE);
        }
        return every;
    }

    private static boolean onOff(String key, String value) {
        return choice(key, value, "on", "off").equals("on");
    }

    private static String choice(String key, String value, String... valid) {
        for (String v : valid) {
            if (v.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("bad value '" + value + "' for " + key + "; valid values: "
                + String.join(", ", valid));
    }
}
