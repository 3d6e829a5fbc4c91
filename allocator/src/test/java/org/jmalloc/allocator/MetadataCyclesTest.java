package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A program that allocates, frees everything and purges, over and over on many threads, keeps the
 * same metadata: the bookkeeping of the first cycles is reused by the later ones. (Extent records
 * used to pile up in the pools of the arenas that freed next to other arenas' free runs while the
 * arenas that cut runs created new ones, and slab bitmaps rode away on those records: every cycle
 * of this workload added a quarter of its first cycle's metadata.)
 */
class MetadataCyclesTest {

    private static final int THREADS = 64;
    private static final int AT_ONCE = 4;
    private static final int BLOCKS_PER_THREAD = 512;
    private static final int CYCLES = 12;
    private static final int ARENAS = 4;

    @Test
    void metadataStaysFlatOverAllocateFreePurgeCycles() {
        long[] sizes = new long[THREADS * BLOCKS_PER_THREAD];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < sizes.length; i++) {
            double u = random.nextDouble();
            sizes[i] = 16 + (long) (u * u * u * 4080); // skewed small, 16 B to 4 KiB
        }
        long[] blocks = new long[sizes.length];
        List<Long> metadata = new ArrayList<>();
        try (Allocator allocator = Allocator.builder().arenas(ARENAS).build()) {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                for (int first = 0; first < THREADS; first += AT_ONCE) {
                    List<Runnable> batch = new ArrayList<>();
                    for (int t = first; t < first + AT_ONCE; t++) {
                        int from = t * BLOCKS_PER_THREAD;
                        batch.add(() -> {
                            for (int i = from; i < from + BLOCKS_PER_THREAD; i++) {
                                blocks[i] = allocator.malloc(sizes[i]);
                            }
                        });
                    }
                    TestThreads.runAll("cycle-" + cycle, batch, 60);
                }
                for (long block : blocks) {
                    allocator.free(block);
                }
                allocator.purge();
                Stats stats = allocator.stats();
                assertEquals(0, stats.allocated(), "cycle " + cycle + " freed everything");
                metadata.add(stats.metadata());
            }
        }
        // What may still grow once the first cycles have sized everything: an arena's record pool
        // that runs dry while the others each hold less than the two batches (2 x 256 records of 96
        // bytes) that make a pool give one to the depot creates a batch; at most two per arena.
        long slack = ARENAS * 2L * 256 * 96;
        long settled = metadata.get(2);
        long last = metadata.get(CYCLES - 1);
        assertTrue(last - settled <= slack, String.format("metadata after each cycle's purge %s: it grew by"
                + " %d bytes from the third cycle to the last, more than the %d that record pools can add",
                metadata, last - settled, slack));
    }
}
