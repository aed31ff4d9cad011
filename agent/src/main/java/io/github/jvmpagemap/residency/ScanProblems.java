package io.github.jvmpagemap.residency;

import io.github.jvmpagemap.layout.Region;
import io.github.jvmpagemap.proc.IoFailure;
import io.github.jvmpagemap.scan.Capability;
import io.github.jvmpagemap.scan.PageCounts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a scan could not find or read, one line each, in the words users read: naming the row, the
 * file and the figures left short (by their names, as every publisher shows them).
 */
final class ScanProblems {
    private final List<String> lines = new ArrayList<>();
    private List<String> layoutProblems = List.of();

    /** A scan begins, with what finding the layout could not (an immutable list). */
    void start(List<String> layoutProblems) {
        this.layoutProblems = layoutProblems;
        lines.clear();
    }

    /** smaps, which tells huge pages here, could not be read: those figures are not measured. */
    void smapsUnreadable(Path smaps, IOException e, boolean largeFolios) {
        lines.add((largeFolios ? Figure.HUGE_PAGE.id() + " and " + Figure.LARGE_FOLIO.id() : Figure.HUGE_PAGE.id())
                + ": " + smaps + " could not be read (" + IoFailure.reason(e) + ")");
    }

    /** No mapping of the maps read covers what the JVM reported for {@code region}. */
    void notMapped(Region region, Path maps) {
        lines.add(region.name() + ": no mapping in " + maps + " covers what the JVM reserved for it"
                + " (a short read of the maps?); its figures read 0");
    }

    /** Pages of {@code region} whose entries or frames could not be read, if any. */
    void unreadable(Region region, PageCounts total, Set<Capability> measured) {
        if (total.unreadable() > 0) {
            lines.add(region.name() + ": " + total.unreadable() + " pages unreadable: " + total.firstError());
        }
        if (total.framesUnreadable() > 0) {
            lines.add(region.name() + ": frames of " + total.framesUnreadable() + " pages unreadable, "
                    + figuresOfFrames(measured) + " are short by them: " + total.firstError());
        }
    }

    /** The process's resident set could not be read. */
    void residentSetUnreadable(Path status) {
        lines.add("VmRSS: " + status + " could not be read");
    }

    /** What the layout could not find, then what the scan could not read: the layout's own list if nothing more. */
    List<String> lines() {
        if (lines.isEmpty()) {
            return layoutProblems;
        }
        List<String> all = new ArrayList<>(layoutProblems);
        all.addAll(lines);
        return List.copyOf(all);
    }

    /** The figures a page's frame tells, as a list a person reads: "zeroPage, shared and proportional". */
    private static String figuresOfFrames(Set<Capability> measured) {
        List<String> ids = new ArrayList<>(List.of(Figure.ZERO_PAGE.id(), Figure.SHARED.id(), Figure.PROPORTIONAL.id()));
        if (measured.contains(Capability.LARGE_FOLIOS)) {
            ids.add(Figure.LARGE_FOLIO.id());
        }
        String last = ids.remove(ids.size() - 1);
        return ids.stream().collect(Collectors.joining(", ")) + " and " + last;
    }
}
