package io.github.jvmpagemap.samples.it;

import io.github.jvmpagemap.proc.MapsFile;
import io.github.jvmpagemap.proc.MapsReader;
import io.github.jvmpagemap.proc.MapsReaders;
import io.github.jvmpagemap.proc.ProcFiles;
import io.github.jvmpagemap.region.MBeanDiagnosticCommands;
import io.github.jvmpagemap.region.PoolUsage;
import io.github.jvmpagemap.region.RegionDiscovery;
import io.github.jvmpagemap.residency.RegionResidency;
import io.github.jvmpagemap.residency.Residency;
import io.github.jvmpagemap.residency.ResidencyScanner;
import io.github.jvmpagemap.scan.PageTable;
import io.github.jvmpagemap.scan.PageTables;
import io.github.jvmpagemap.scan.ScanMethod;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM with the agent jar on the class path (not as an agent): opens both page
 * tables, {@code scan} and {@code pagemap}, and scans the same layout back to back, scan,
 * pagemap, scan, until the two scan passes agree (nothing moved meanwhile), then prints both
 * results, one line per region: {@code <method> <region>/<sub-region> <committed> <resident> <swapped>}.
 * The {@code scan} side reads the mappings as the agent would (PROCMAP_QUERY where it can), the
 * {@code pagemap} side from the maps file, so the two ways of reading them are compared too.
 * Arguments: the detail option, then optionally the MiB of byte arrays to write and keep first,
 * then optionally {@code wait}: say {@code ready} and wait for a line on stdin before scanning
 * (time for the test to push pages out to swap).
 */
public final class BothMethodsMain {
    static final int ATTEMPTS = 20;
    static final String STABLE = "stable after attempts: ";

    private BothMethodsMain() {
    }

    public static void main(String[] args) throws Exception {
        String detail = args[0];
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; args.length > 1 && i < Integer.parseInt(args[1]); i++) {
            byte[] mib = new byte[1 << 20];
            for (int b = 0; b < mib.length; b += 4096) {
                mib[b] = 1;
            }
            kept.add(mib);
        }
        if (args.length > 2 && args[2].equals("wait")) {
            System.out.println("ready");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        ProcFiles proc = ProcFiles.self();
        long pageSize = proc.pageSize();
        List<String> notes = new ArrayList<>();
        try (PageTable scan = PageTables.open(ScanMethod.SCAN, detail, proc, notes::add);
                PageTable pagemap = PageTables.open(ScanMethod.PAGEMAP, detail, proc, notes::add);
                MapsReader asked = MapsReaders.open(proc);
                MapsReader file = new MapsFile(proc.maps())) {
            System.out.println("maps read by " + asked.how() + " and by " + file.how());
            ResidencyScanner byScan = scanner(proc, asked, scan, pageSize);
            ResidencyScanner byPagemap = scanner(proc, file, pagemap, pageSize);
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Residency before = byScan.scan();
                Residency other = byPagemap.scan();
                Residency after = byScan.scan();
                if (figures(before).equals(figures(after))) {
                    System.out.println(STABLE + attempt);
                    print("scan", before);
                    print("pagemap", other);
                    System.out.println("kept " + kept.size() + " MiB");
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            System.out.println("never stable");
        }
    }

    private static ResidencyScanner scanner(ProcFiles proc, MapsReader maps, PageTable table, long pageSize) {
        return new ResidencyScanner(proc, maps, table, new RegionDiscovery(new MBeanDiagnosticCommands(), pageSize),
                PoolUsage::current, pageSize);
    }

    private static List<String> figures(Residency r) {
        List<String> lines = new ArrayList<>();
        for (RegionResidency row : r.regions()) {
            lines.add(row.region() + "/" + (row.subRegion() == null ? "" : row.subRegion()) + " "
                    + row.committedBytes() + " " + row.residentBytes() + " " + row.swappedBytes());
        }
        return lines;
    }

    private static void print(String method, Residency r) {
        for (String line : figures(r)) {
            System.out.println(method + " " + line);
        }
    }
}
