package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bins against their formula and their searches against a brute-force scan of the same extents. */
class SizeBinsTest {

    private static final int LG_PAGE = 12;
    private static final long PAGE = 1L << LG_PAGE;

    @Test
    void binsHoldFourSizesPerDoublingAndLowerIsTheirSmallestPageCount() {
        assertEquals(0, SizeBins.bin(1));
        assertEquals(6, SizeBins.bin(7));
        assertEquals(7, SizeBins.bin(8));
        assertEquals(7, SizeBins.bin(9));
        assertEquals(8, SizeBins.bin(10));
        assertEquals(10, SizeBins.bin(15));
        assertEquals(11, SizeBins.bin(16));
        int previous = -1;
        for (long n = 1; n < 1 << 16; n++) {
            int k = SizeBins.bin(n);
            assertTrue(k == previous || k == previous + 1, "bins rise one at a time: " + n + " pages in bin " + k);
            if (k != previous) {
                assertEquals(n, SizeBins.lower(k), "the first page count of bin " + k);
            }
            previous = k;
        }
        assertTrue(SizeBins.bin(1L << 40) < SizeBins.BINS, "a 2^40-page run has a bin");
    }

    @Test
    void searchesAgreeWithABruteForceScan() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            SizeBins bins = new SizeBins(LG_PAGE);
            List<Extent> free = new ArrayList<>();
            long address = 1L << 30;
            for (int i = 0; i < 60; i++) {
                Extent e = new Extent();
                e.base = address;
                e.size = PAGE * (1 + random.nextLong(random.nextBoolean() ? 8 : 600));
                address += e.size + PAGE * random.nextInt(1, 4);
                bins.insert(e);
                free.add(e);
            }
            for (int i = 0; i < 20; i++) {
                // Fronts taken: some trims stay in their bin, some move to a smaller one.
                Extent trimmed = free.get(random.nextInt(free.size()));
                if (trimmed.size > PAGE) {
                    bins.trimFront(trimmed, PAGE * (1 + random.nextLong(trimmed.size / PAGE - 1)));
                }
            }
            for (int i = 0; i < 20; i++) {
                Extent gone = free.remove(random.nextInt(free.size()));
                bins.remove(gone); // throws when an extent is not in the bin of its size
            }
            assertEquals(free.size(), bins.count());
            assertEquals(free.stream().mapToLong(e -> e.size).sum(), bins.bytes());
            for (int q = 0; q < 50; q++) {
                long size = PAGE * (1 + random.nextLong(700));
                long max = random.nextBoolean() ? Long.MAX_VALUE : size << random.nextInt(0, 7);
                assertSame(bruteBestFit(free, size, max), bins.bestFit(size, max), "best fit of " + size + " up to " + max);
                assertSame(bruteFirstFit(free, size), bins.firstFit(size), "first fit of " + size);
            }
        }
    }

    @Test
    void aSmallRequestTakesTheSmallFreeRunAndLeavesTheLargeOneWhole() {
        SizeBins bins = new SizeBins(LG_PAGE);
        Extent large = extent(0x10000000L, 768 * PAGE); // 3 MiB at the lower address
        Extent small = extent(0x20000000L, 4 * PAGE);
        bins.insert(large);
        bins.insert(small);
        assertSame(small, bins.bestFit(4 * PAGE, Long.MAX_VALUE));
        assertSame(large, bins.firstFit(4 * PAGE), "first fit would split the large run");
        assertSame(large, bins.bestFit(512 * PAGE, Long.MAX_VALUE), "a freed 3 MiB run serves a 2 MiB request");
        assertNull(bins.bestFit(512 * PAGE, 600 * PAGE), "unless it is larger than the cap");
        bins.remove(large);
        assertNull(bins.bestFit(512 * PAGE, Long.MAX_VALUE));
        assertTrue(!bins.isEmpty());
    }

    private static Extent extent(long base, long size) {
        Extent e = new Extent();
        e.base = base;
        e.size = size;
        return e;
    }

    private static Extent bruteBestFit(List<Extent> free, long size, long max) {
        Extent best = null;
        for (Extent e : free) {
            if (e.size < size) {
                continue;
            }
            int k = SizeBins.bin(e.size / PAGE);
            int bestK = best == null ? Integer.MAX_VALUE : SizeBins.bin(best.size / PAGE);
            if (k < bestK || (k == bestK && e.base < best.base)) {
                best = e;
            }
        }
        return best == null || best.size > max ? null : best;
    }

    private static Extent bruteFirstFit(List<Extent> free, long size) {
        Extent best = null;
        for (Extent e : free) {
            if (e.size >= size && (best == null || e.base < best.base)) {
                best = e;
            }
        }
        return best;
    }
}
