package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageTable;
import java.util.ArrayList;
import java.util.List;

/** The line {@code detail=auto} says when it cannot read page frames: which figures then show as n/a. */
public final class DetailNote {
    private DetailNote() {
    }

    /**
     * @param table the page table the scans read, which reads no frames
     * @param why why no frames are read ("without CAP_SYS_ADMIN page frames cannot be examined")
     */
    public static String basic(PageTable table, String why) {
        List<String> unmeasured = new ArrayList<>();
        // Large folios need an explicit detail=full in any case: the figures auto would have measured.
        for (Figure figure : List.of(Figure.SHARED, Figure.PROPORTIONAL, Figure.ZERO_PAGE)) {
            if (!table.measures(figure.needs())) {
                unmeasured.add(figure.id());
            }
        }
        String last = unmeasured.remove(unmeasured.size() - 1);
        return "detail=basic: " + why + ", so " + (unmeasured.isEmpty() ? "" : String.join(", ", unmeasured) + " and ")
                + last + " show as n/a" + (table.measures(Capability.HUGE_PAGES) ? ""
                        : "; " + Figure.HUGE_PAGE.id() + " comes from /proc/self/smaps, per mapping");
    }
}
