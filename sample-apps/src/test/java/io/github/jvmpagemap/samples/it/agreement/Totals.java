package io.github.jvmpagemap.samples.it.agreement;

import io.github.jvmpagemap.samples.it.jvm.Region;
import io.github.jvmpagemap.samples.it.kernel.Pagemap;
import io.github.jvmpagemap.samples.it.kernel.Range;
import io.github.jvmpagemap.samples.it.kernel.Smaps;
import java.util.List;

/** The kernel's figures of a region, in bytes: resident, swapped, and the size of its accessible mappings. */
public record Totals(long rss, long swap, long size) {
    private static final long PAGE = Pagemap.PAGE;

    private Totals plus(Totals o) {
        return new Totals(rss + o.rss, swap + o.swap, size + o.size);
    }

    /**
     * smaps Rss, Swap and size of the accessible mappings inside {@code ranges} shifted by a view
     * offset; for a mapping that runs past them, the pagemap entries of the part inside.
     */
    public static Totals smaps(KernelView kernel, List<Range> ranges, long view) {
        long rss = 0;
        long swap = 0;
        long size = 0;
        for (Smaps.Mapping m : kernel.smaps().mappings()) {
            if (!m.accessible() || ranges.stream().noneMatch(r -> r.shifted(view).overlaps(m.start(), m.end()))) {
                continue;
            }
            if (ranges.stream().anyMatch(r -> r.shifted(view).contains(m.start(), m.end()))) {
                rss += m.rss();
                swap += m.swap();
                size += m.size();
                continue;
            }
            long[] pages = kernel.pages().get(m.start());
            for (Range r : ranges) {
                for (long a = Math.max(m.start(), r.start() + view); a < Math.min(m.end(), r.end() + view); a += PAGE) {
                    long entry = pages[(int) ((a - m.start()) / PAGE)];
                    rss += (entry & Pagemap.PRESENT) != 0 ? PAGE : 0;
                    swap += (entry & Pagemap.SWAPPED) != 0 ? PAGE : 0;
                    size += PAGE;
                }
            }
        }
        return new Totals(rss, swap, size);
    }

    /** As {@link #smaps(KernelView, List, long)}, summed over the first view and every further one. */
    static Totals smapsOfEveryView(KernelView kernel, Region region) {
        Totals all = new Totals(0, 0, 0);
        for (long view : region.allViews()) {
            all = all.plus(smaps(kernel, region.ranges(), view));
        }
        return all;
    }

    /**
     * Page by page from pagemap alone: committed (accessible pages), resident (present in any
     * view, so each physical page once) and swapped; the tests' own reader of the page tables.
     */
    public static Totals pagemap(KernelView kernel, Region region) {
        long rss = 0;
        long swap = 0;
        long size = 0;
        long[] views = region.allViews();
        for (Smaps.Mapping m : kernel.smaps().mappings()) {
            if (!m.accessible()) {
                continue;
            }
            for (Range r : region.ranges()) {
                for (long a = Math.max(m.start(), r.start()); a < Math.min(m.end(), r.end()); a += PAGE) {
                    boolean present = false;
                    boolean swapped = false;
                    for (long view : views) {
                        long entry = kernel.entry(a + view);
                        present |= (entry & Pagemap.PRESENT) != 0;
                        swapped |= (entry & Pagemap.SWAPPED) != 0;
                    }
                    size += PAGE;
                    rss += present ? PAGE : 0;
                    swap += !present && swapped ? PAGE : 0;
                }
            }
        }
        return new Totals(rss, swap, size);
    }
}
