package org.jmalloc.benchmarks.footprint;

import java.util.SplittableRandom;
import org.jmalloc.allocator.os.ProcessFootprint;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Fragmentation: allocate {@value #SMALL_BLOCKS} blocks of seeded random sizes 16–512 B, touching each; free a
 * random 90 % of them; allocate {@value #MEDIUM_BLOCKS} blocks of 1–8 KiB, touching each. What stays resident beyond
 * the live bytes is the memory the freed small blocks pinned: slabs (or heap pages) that still hold a live block each.
 *
 * <p>Figures (the live bytes are the requested sizes of the blocks still allocated, about 0.5 GB; resident growth is
 * the kernel's resident set now less before the workload):
 * <ul>
 *   <li>{@code footprint.rss_over_live}: resident growth over live bytes once the allocator's purge call has run
 *       ({@link MemoryImpl#purge()}), so that only memory the allocator cannot give back counts;
 *   <li>{@code footprint.rss_over_live_unpurged}: the same before the purge call (free pages still held count).
 * </ul>
 */
public class FragmentationFootprintBenchmark extends FootprintHarness {

    static final int SMALL_BLOCKS = 2_000_000;
    static final int MEDIUM_BLOCKS = 100_000;
    static final long SMALL_MIN = 16;
    static final long SMALL_MAX = 512;
    static final long MEDIUM_MIN = KIB;
    static final long MEDIUM_MAX = 8 * KIB;
    static final double FREED = 0.9;
    /** The rehearsal's share of the workload (see {@link FootprintHarness}). */
    static final int REHEARSAL_DIVISOR = 100;

    final int small = scaled(SMALL_BLOCKS);
    final int medium = scaled(MEDIUM_BLOCKS);
    MemoryImpl memory;
    long[] sizes;
    /** Slots of the small blocks to free, in order: the first 90 % of a permutation. */
    int[] freed;

    @Setup(Level.Trial)
    public void setUp() {
        memory = open(small + medium);
        SplittableRandom random = new SplittableRandom(SeededInputs.SEED);
        sizes = new long[small + medium];
        for (int i = 0; i < small; i++) {
            sizes[i] = random.nextLong(SMALL_MIN, SMALL_MAX + 1);
        }
        for (int i = small; i < sizes.length; i++) {
            sizes[i] = random.nextLong(MEDIUM_MIN, MEDIUM_MAX + 1);
        }
        int[] order = new SeededInputs(SeededInputs.SEED + 1).permutation(small);
        freed = java.util.Arrays.copyOf(order, (int) (small * FREED));
        rehearse();
    }

    /** The workload at 1 % of its size, then everything freed and purged. */
    private void rehearse() {
        int smallPart = Math.max(1, small / REHEARSAL_DIVISOR);
        int mediumPart = Math.max(1, medium / REHEARSAL_DIVISOR);
        for (int i = 0; i < smallPart; i++) {
            memory.allocate(i, sizes[i]);
            touch(memory, i, sizes[i]);
        }
        for (int i = small; i < small + mediumPart; i++) {
            memory.allocate(i, sizes[i]);
            touch(memory, i, sizes[i]);
        }
        for (int i = 0; i < smallPart; i++) {
            memory.free(i, sizes[i]);
        }
        for (int i = small; i < small + mediumPart; i++) {
            memory.free(i, sizes[i]);
        }
        memory.purge();
    }

    @Benchmark
    public long fragment() {
        ProcessFootprint before = probe();
        for (int i = 0; i < small; i++) {
            memory.allocate(i, sizes[i]);
            touch(memory, i, sizes[i]);
        }
        for (int slot : freed) {
            memory.free(slot, sizes[slot]);
        }
        for (int i = small; i < sizes.length; i++) {
            memory.allocate(i, sizes[i]);
            touch(memory, i, sizes[i]);
        }
        long live = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (memory.isLive(i)) {
                live += sizes[i];
            }
        }
        ProcessFootprint unpurged = probe();
        memory.purge();
        ProcessFootprint purged = probe();
        report("footprint.rss_over_live", ratio(purged.rss() - before.rss(), live), "ratio");
        report("footprint.rss_over_live_unpurged", ratio(unpurged.rss() - before.rss(), live), "ratio");
        report("footprint.live", (double) live / MIB, "MiB");
        return live;
    }
}
