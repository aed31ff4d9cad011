package io.github.jvmpagemap.samples.it.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Chromium without a display, as a person's browser: loads a page (its scripts run), then gives
 * the document as the scripts left it ({@code --dump-dom}) or a screenshot. Each run has its own
 * profile directory, so runs in parallel sessions do not share one. As root Chromium refuses to
 * start without {@code --no-sandbox}.
 */
public final class HeadlessChromium {
    static final long PATIENCE_SECONDS = 90;
    private final Path binary;
    private final Path profiles;

    private HeadlessChromium(Path binary, Path profiles) {
        this.binary = binary;
        this.profiles = profiles;
    }

    /** The installed Chromium, or empty if there is none on the PATH. */
    public static Optional<HeadlessChromium> find(Path profiles) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate, profiles));
                }
            }
        }
        return Optional.empty();
    }

    /** The document of {@code page} once loaded and its scripts have run. */
    public String dumpDom(Path page) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toUri().toString()));
    }

    /** As {@link #dumpDom(Path)}, with {@code fragment} (after the {@code #}) in the page's address. */
    public String dumpDom(Path page, String fragment) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toUri() + "#" + fragment));
    }

    /** A screenshot of {@code page}, {@code width} x {@code height} pixels, written to {@code png}. */
    public void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
                page.toUri().toString()));
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--virtual-time-budget=10000",
                "--user-data-dir=" + Files.createTempDirectory(profiles, "chromium-profile")));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--no-sandbox");
        }
        command.addAll(args);
        Path err = Files.createTempFile(profiles, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish: " + command);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium failed (" + p.exitValue() + "): " + command + "\n" + Files.readString(err));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
