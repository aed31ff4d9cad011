package io.github.jvmpagemap.residency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jvmpagemap.layout.AddressRange;
import io.github.jvmpagemap.layout.Region;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs are cut where sub-regions begin and end, however many ranges they have and in whatever order asked. */
class OwnerCutTest {
    private static final long REGION = 1L << 20;
    private static final long BASE = 0x4_0000_0000L;

    /** A heap of {@code regions} equal regions, dealt round-robin to three sub-regions, every 7th owned by none. */
    private static Region heap(int regions) {
        List<List<AddressRange>> ranges = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < regions; i++) {
            if (i % 7 != 6) {
                ranges.get(i % 3).add(new AddressRange(BASE + i * REGION, BASE + (i + 1) * REGION));
            }
        }
        List<Region> subs = List.of(new Region("a", ranges.get(0)), new Region("b", ranges.get(1)),
                new Region("c", ranges.get(2)));
        return new Region("Java Heap", List.of(new AddressRange(BASE, BASE + regions * REGION)), subs, new long[0]);
    }

    /** The owner each region of the heap should have: its index mod 3, or -1 for every 7th. */
    private static int expectedOwner(long address) {
        long i = (address - BASE) / REGION;
        return i % 7 == 6 ? -1 : (int) (i % 3);
    }

    private static final class Recorded implements RunConsumer {
        final List<long[]> runs = new ArrayList<>();

        @Override
        public void run(Region region, int sub, long from, long to, long state) {
            runs.add(new long[] {sub, from, to, state});
        }
    }

    @Test
    void aRunAcrossTwoThousandRegionsIsCutAtEachOwnersBoundaryWithNothingLostOrRepeated() {
        Region heap = heap(2048);
        Recorded out = new Recorded();
        OwnerCut cut = new OwnerCut(out);
        cut.region(heap, Owners.of(heap), null);

        cut.run(BASE, BASE + 2048 * REGION, 5);

        long at = BASE;
        for (long[] run : out.runs) {
            assertEquals(at, run[1], "runs follow each other without a gap");
            assertEquals(expectedOwner(run[1]), (int) run[0], Long.toHexString(run[1]));
            assertEquals(expectedOwner(run[2] - 1), (int) run[0], "a run never crosses into another owner");
            assertEquals(5, run[3]);
            at = run[2];
        }
        assertEquals(BASE + 2048 * REGION, at);
        assertEquals(2048, out.runs.size(), "neighbouring regions never share an owner here");
    }

    @Test
    void runsOutOfOrderAndPartsOfRegionsFindTheirOwnerAndTheExtraConsumerSeesTheSame() {
        Region heap = heap(64);
        Recorded tally = new Recorded();
        Recorded extra = new Recorded();
        OwnerCut cut = new OwnerCut(tally);
        cut.region(heap, Owners.of(heap), extra);

        cut.run(BASE + 40 * REGION + 4096, BASE + 40 * REGION + 8192, 1);
        cut.run(BASE + 3 * REGION, BASE + 3 * REGION + 4096, 1);
        cut.run(BASE + 6 * REGION - 4096, BASE + 6 * REGION + 4096, 1);
        cut.run(BASE + 63 * REGION, BASE + 64 * REGION, 1);

        List<String> seen = tally.runs.stream().map(r -> r[0] + "@" + (r[1] - BASE) / 4096).toList();
        assertEquals(List.of("1@10241", "0@768", "2@1535", "-1@1536", "0@16128"), seen);
        assertEquals(seen, extra.runs.stream().map(r -> r[0] + "@" + (r[1] - BASE) / 4096).toList());
    }

    @Test
    void locateFindsTheFirstRangeEndingAboveAnAddressFromAnyHint() {
        Owners owners = Owners.of(heap(100));
        for (int i = 0; i < owners.count(); i++) {
            long inside = owners.start(i) + 4096;
            for (int hint : new int[] {0, i - 1, i, i + 1, owners.count()}) {
                assertEquals(i, owners.locate(inside, Math.max(0, Math.min(hint, owners.count()))), "hint " + hint);
            }
        }
        assertEquals(owners.count(), owners.locate(BASE + 100 * REGION, 0));
        assertEquals(0, owners.locate(0, 50));
    }
}
