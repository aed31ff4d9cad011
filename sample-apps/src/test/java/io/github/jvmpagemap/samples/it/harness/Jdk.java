package io.github.jvmpagemap.samples.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An installed JDK the integration tests run sample apps on. All JDKs under /usr/lib/jvm are
 * used (symbolic links to the same home count once, and one JDK per feature release);
 * {@code JVMPAGEMAP_TEST_JDKS}, a list of homes separated by colons, replaces that search.
 */
public record Jdk(Path home, int feature) {
    private static final List<Jdk> INSTALLED = find();

    public Path java() {
        return home.resolve("bin/java");
    }

    /** True if the agent takes its fast path here: JDK 22+ (FFM) and an agent jar with the overlay. */
    public boolean hasFastPath() {
        return feature >= 22 && AgentJar.hasJava22Overlay();
    }

    @Override
    public String toString() {
        return "JDK " + feature;
    }

    /** Every JDK the tests run on, oldest first. */
    public static List<Jdk> installed() {
        return INSTALLED;
    }

    public static Jdk newest() {
        return INSTALLED.get(INSTALLED.size() - 1);
    }

    private static List<Jdk> find() {
        String listed = System.getenv("JVMPAGEMAP_TEST_JDKS");
        List<Path> homes = new ArrayList<>();
        if (listed != null && !listed.isBlank()) {
            for (String h : listed.split(":")) {
                homes.add(Path.of(h));
            }
        } else {
            try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
                dirs.sorted().forEach(homes::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<Path, Jdk> byRealHome = new LinkedHashMap<>();
        for (Path home : homes) {
            try {
                if (Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(home.resolve("release"))) {
                    Path real = home.toRealPath();
                    byRealHome.putIfAbsent(real, new Jdk(real, feature(real.resolve("release"))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Jdk> jdks = new ArrayList<>(byRealHome.values());
        jdks.sort((a, b) -> Integer.compare(a.feature, b.feature));
        // One JDK per feature release is enough: the layouts differ between releases, not vendors.
        List<Jdk> distinct = new ArrayList<>();
        for (Jdk j : jdks) {
            if (distinct.isEmpty() || distinct.get(distinct.size() - 1).feature != j.feature) {
                distinct.add(j);
            }
        }
        if (distinct.isEmpty()) {
            throw new IllegalStateException("no JDK found under /usr/lib/jvm nor in JVMPAGEMAP_TEST_JDKS");
        }
        return List.copyOf(distinct);
    }

    private static int feature(Path release) throws IOException {
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                String first = v.split("[.+-]")[0];
                return Integer.parseInt(first.equals("1") ? v.split("\\.")[1] : first);
            }
        }
        throw new IOException("no JAVA_VERSION in " + release);
    }
}
