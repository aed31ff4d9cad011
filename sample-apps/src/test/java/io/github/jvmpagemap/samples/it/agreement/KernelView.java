package io.github.jvmpagemap.samples.it.agreement;

import io.github.jvmpagemap.samples.it.jvm.Layout;
import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.Pagemap;
import io.github.jvmpagemap.samples.it.kernel.ProcStatus;
import io.github.jvmpagemap.samples.it.kernel.Smaps;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the kernel said at one instant: smaps, VmRSS, and the pagemap entries of every
 * accessible mapping that meets a region (in any view). smaps cannot split a mapping that runs
 * past a region's end (the kernel merges a metaspace node with the anonymous memory beside it, a
 * code heap's mapping spans the next heap): for such a part, the pagemap says.
 */
public record KernelView(Smaps smaps, long vmRss, TreeMap<Long, long[]> pages) {

    /** The kernel's view of process {@code pid} for the regions of {@code layout}; read it while the app is stopped. */
    public static KernelView of(long pid, Layout layout) throws IOException {
        Smaps smaps = Smaps.of(pid);
        long rss = ProcStatus.vmRss(pid);
        TreeMap<Long, long[]> pages = new TreeMap<>();
        try (Pagemap pagemap = Pagemap.of(pid)) {
            for (Smaps.Mapping m : smaps.mappings()) {
                if (m.accessible() && meetsARegion(layout, m)) {
                    pages.put(m.start(), pagemap.entries(m.start(), m.end()));
                }
            }
        }
        return new KernelView(smaps, rss, pages);
    }

    private static boolean meetsARegion(Layout layout, Smaps.Mapping m) {
        for (Region region : layout.regions()) {
            for (long view : region.allViews()) {
                if (region.ranges().stream().anyMatch(r -> r.shifted(view).overlaps(m.start(), m.end()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The pagemap entry of the page at {@code address}; 0 (not present) outside the mappings read. */
    public long entry(long address) {
        Map.Entry<Long, long[]> e = pages.floorEntry(address);
        long index = e == null ? -1 : (address - e.getKey()) / Pagemap.PAGE;
        return index >= 0 && index < e.getValue().length ? e.getValue()[(int) index] : 0;
    }
}
