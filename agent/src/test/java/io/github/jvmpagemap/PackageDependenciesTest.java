package io.github.jvmpagemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout holds: every package says in its {@code package-info.java} what it is and which of the
 * project's packages it uses ("Uses {@code a} and {@code b}."), it uses no other, and no package
 * depends on itself through others. A new import across packages fails here until the package's
 * description admits it, and an import that closes a cycle fails however it is described.
 */
class PackageDependenciesTest {
    private static final List<Path> SOURCES = List.of(Path.of("src/main/java"), Path.of("src/main/java22"),
            Path.of("../jfr-events/src/main/java"));
    private static final String BASE = "io.github.jvmpagemap.";
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.github\\.jvmpagemap\\.(\\w+)\\.[A-Z]");
    private static final Pattern USES = Pattern.compile("Uses ([^.]*(?:\\.\\w[^.]*)*?)\\.(\\s|$)");
    private static final Pattern NAMED = Pattern.compile("\\{@code (\\w+)\\}");

    /** Each package's uses as its sources show them: references to the project's other packages. */
    private static Map<String, Set<String>> used() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        for (Path root : SOURCES) {
            Path base = root.resolve(BASE.replace('.', '/'));
            try (Stream<Path> files = Files.walk(base)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String pkg = base.relativize(file.getParent()).toString().replace('/', '.');
                    Set<String> uses = used.computeIfAbsent(pkg, k -> new TreeSet<>());
                    Matcher m = REFERENCE.matcher(withoutComments(Files.readString(file)));
                    while (m.find()) {
                        if (!m.group(1).equals(pkg)) {
                            uses.add(m.group(1));
                        }
                    }
                }
            }
        }
        return used;
    }

    /** What each package's description says it uses. */
    private static Map<String, Set<String>> declared(Set<String> packages) throws IOException {
        Map<String, Set<String>> declared = new TreeMap<>();
        for (String pkg : packages) {
            Path info = SOURCES.stream().map(r -> r.resolve(BASE.replace('.', '/')).resolve(pkg).resolve(
                    "package-info.java")).filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new AssertionError(pkg + " has no package-info.java saying what it is"));
            String text = Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " ");
            Matcher uses = USES.matcher(text);
            assertTrue(uses.find(), () -> info + " does not say what it uses (\"Uses ... .\")");
            Set<String> named = new TreeSet<>();
            Matcher m = NAMED.matcher(uses.group(1));
            while (m.find()) {
                named.add(m.group(1));
            }
            declared.put(pkg, named);
        }
        return declared;
    }

    @Test
    void everyPackageUsesOnlyWhatItsDescriptionSays() throws IOException {
        Map<String, Set<String>> used = used();
        Map<String, Set<String>> declared = declared(used.keySet());
        List<String> undeclared = new ArrayList<>();
        used.forEach((pkg, uses) -> {
            for (String u : uses) {
                if (!declared.get(pkg).contains(u)) {
                    undeclared.add(pkg + " uses " + u);
                }
            }
        });
        assertEquals(List.of(), undeclared, "uses that package-info.java does not admit");
        for (Map.Entry<String, Set<String>> e : declared.entrySet()) {
            assertTrue(used.keySet().containsAll(e.getValue()), () -> e.getKey() + " admits a package that does not"
                    + " exist: " + e.getValue());
        }
    }

    @Test
    void noPackageDependsOnItself() throws IOException {
        Map<String, Set<String>> used = used();
        for (String start : used.keySet()) {
            List<String> cycle = path(used, start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(null, cycle, () -> "a cycle: " + String.join(" -> ", cycle));
        }
    }

    /** A path of uses from {@code at} back to {@code target}, or null. */
    private static List<String> path(Map<String, Set<String>> uses, String at, String target, List<String> so,
            Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            List<String> longer = new ArrayList<>(so);
            longer.add(next);
            if (next.equals(target)) {
                return longer;
            }
            if (seen.add(next)) {
                List<String> found = path(uses, next, target, longer, seen);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }
}
