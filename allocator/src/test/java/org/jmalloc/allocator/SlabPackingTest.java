package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small regions are packed: a bin serves the lowest non-full slab first and the lowest free region
 * within it, so freed memory is reused from the bottom and the slabs above can empty out (as
 * jemalloc's {@code pack} test checks).
 */
class SlabPackingTest {

    private static final int SLABS = 5;
    private static final long REGION = 64;

    @ParameterizedTest(name = "page={0}")
    @ValueSource(longs = {4096, 16384, 65536})
    void freedRegionsComeBackLowestSlabAndLowestRegionFirst(long pageSize) {
        try (Allocator allocator = Allocator.builder().threadCache(false).arenas(1).pageSize(pageSize).build()) {
            Stats.SizeClassStats bin = binOf(allocator.stats(), REGION);
            int perSlab = bin.regionsPerSlab();
            assertTrue(perSlab > 1, "a 64-byte slab holds several regions, stats say " + perSlab);

            List<Long> all = new ArrayList<>();
            for (int i = 0; i < SLABS * perSlab; i++) {
                all.add(allocator.malloc(REGION));
            }
            assertEquals(SLABS, binOf(allocator.stats(), REGION).currentSlabs(),
                    "slabs of the 64-byte class after " + SLABS + " slabs' worth of mallocs");

            // The regions of full slabs, sorted by address, fall into SLABS runs of perSlab regions.
            List<Long> sorted = new ArrayList<>(all);
            Collections.sort(sorted);
            List<Long> freed = new ArrayList<>();
            for (int s = 0; s < SLABS; s++) {
                List<Long> slab = sorted.subList(s * perSlab, (s + 1) * perSlab);
                long span = slab.get(perSlab - 1) + REGION - slab.get(0);
                assertTrue(span <= bin.slabSize(), String.format(
                        "slab %d's regions span %d bytes, more than a slab (%d)", s, span, bin.slabSize()));
                int keep = (s * 7 + perSlab / 2) % perSlab; // one region stays, so no slab empties
                for (int r = 0; r < perSlab; r++) {
                    if (r != keep) {
                        freed.add(slab.get(r));
                    }
                }
            }
            List<Long> freeOrder = new ArrayList<>(freed);
            Collections.shuffle(freeOrder, new Random(pageSize)); // so LIFO reuse would not look packed
            for (long address : freeOrder) {
                allocator.free(address);
            }

            for (int i = 0; i < freed.size(); i++) {
                long got = allocator.malloc(REGION);
                long expected = freed.get(i); // freed is in ascending address order
                if (got != expected) {
                    fail(String.format("malloc #%d after the frees returned 0x%x; packing expects 0x%x, the lowest"
                            + " free region of the lowest non-full slab (%d of %d freed regions came back in order)",
                            i, got, expected, i, freed.size()));
                }
            }
        }
    }

    private static Stats.SizeClassStats binOf(Stats stats, long regionSize) {
        return stats.sizeClasses().stream().filter(c -> c.regionSize() == regionSize).findFirst()
                .orElseThrow(() -> new AssertionError("stats().sizeClasses() has no " + regionSize + "-byte class"));
    }
}
