package io.github.jvmpagemap.samples.it;

import static io.github.jvmpagemap.samples.it.harness.ScanPath.FAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jvmpagemap.samples.it.harness.App;
import io.github.jvmpagemap.samples.it.harness.Apps;
import io.github.jvmpagemap.samples.it.harness.Case;
import io.github.jvmpagemap.samples.it.harness.Cases;
import io.github.jvmpagemap.samples.it.harness.Needs;
import io.github.jvmpagemap.samples.it.harness.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent asks of userfaultfd, as the kernel sees it (strace): asynchronous write-protect
 * and nothing else. The synchronous modes, {@code UFFDIO_WRITEPROTECT} and the event features can
 * make an application's faults, {@code fork}, {@code munmap} or {@code mremap} wait for a reader
 * that never comes; a request for any of them fails this test.
 */
class UserfaultfdRequestsIT {
    private static final Pattern OPEN = Pattern.compile("userfaultfd\\(([^)]*)\\)");
    private static final Pattern API = Pattern.compile("UFFDIO_API, \\{api=0xaa, features=([^ ,}]+)");
    private static final Pattern REGISTER = Pattern.compile("UFFDIO_REGISTER, \\{range=\\{[^}]*\\}, mode=([^,}]+)");
    private static final Pattern UFFD_IOCTL = Pattern.compile("ioctl\\(\\d+, (UFFDIO_[A-Z_]+)");
    /** UFFD_FEATURE_WP_ASYNC, which this strace names only by number. */
    private static final String WP_ASYNC = "0x8000";

    @TempDir
    Path dir;

    @Cases(paths = FAST, onePathPerJdk = true)
    @Needs(Requirement.STRACE)
    void theAgentAsksForAsynchronousWriteProtectAndNothingElse(Case c, Apps apps) throws Exception {
        Path trace = dir.resolve("strace.txt");
        App app = apps.start(c.app("idle").agent("interval=1s,written=500ms,print=1s").jvmArgs("-Xmx128m")
                .endsWhenTold().readyWhen(null).through(List.of("strace", "-f", "-qq", "--seccomp-bpf", "-e",
                        "trace=userfaultfd,ioctl", "-e", "signal=none", "-o", trace.toString())));
        // A table of a scan that read a window, then three more seconds: more windows armed and read.
        app.awaitStderr(", write window ");
        app.awaitTable(app.tables().size() + 3);
        assertEquals(0, app.end(), app::transcript);

        List<String> opens = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            find(OPEN, line, opens);
            find(API, line, features);
            find(REGISTER, line, modes);
            find(UFFD_IOCTL, line, requests);
        }
        String seen = "userfaultfd " + opens + ", features asked " + features + ", modes " + modes + "\n"
                + app.transcript();
        assertTrue(opens.size() >= 2, () -> "a write window before each scan: " + seen);
        assertTrue(opens.stream().allMatch(o -> o.equals("UFFD_USER_MODE_ONLY|O_NONBLOCK|O_CLOEXEC")), seen);
        assertEquals(opens.size(), features.size(), () -> "one UFFDIO_API per descriptor: " + seen);
        assertTrue(features.stream().allMatch(WP_ASYNC::equals), () -> "WP_ASYNC alone: " + seen);
        assertTrue(modes.size() > opens.size(), () -> "mappings registered: " + seen);
        assertTrue(modes.stream().allMatch("UFFDIO_REGISTER_MODE_WP"::equals), () -> "write-protect mode alone: " + seen);
        assertTrue(requests.stream().allMatch(r -> r.equals("UFFDIO_API") || r.equals("UFFDIO_REGISTER")
                || r.equals("UFFDIO_UNREGISTER")), () -> "no other userfaultfd request: " + requests);
    }

    private static void find(Pattern pattern, String line, List<String> into) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
            into.add(m.group(1));
        }
    }
}
