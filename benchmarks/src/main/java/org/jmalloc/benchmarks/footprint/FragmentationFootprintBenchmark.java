package org.jmalloc.benchmarks.footprint;

import java.util.SplittableRandom;
import org.jmalloc.allocator.os.ProcessFootprint;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Fragmentation: allocate {@value #SMALL_BLOCKS} blocks of seeded random sizes 16–512 B, touching each; free a
 * random 90 % of them; allocate {@value #MEDIUM_BLOCKS} blocks of 1–8 KiB, touching each. What stays resident beyond
 * the live bytes is the memory the freed small blocks pinned: slabs (or heap pages) that still hold a live block each.
 *
 * <p>With {@code defrag=true} the application then runs the defragmentation loop over every live block before the
 * figures are taken ({@link MemoryImpl#defragment}: each block the allocator's {@code shouldMove} names is
 * reallocated, copied and freed, pass after pass, at most {@value #DEFRAG_PASSES} passes). Only jmalloc answers that
 * hint; for the other implementations that case fails in its setup, saying so, and their figure is the
 * {@code defrag=false} one.
 *
 * <p>Figures (the live bytes are the requested sizes of the blocks still allocated, about 0.5 GB; resident growth is
 * the kernel's resident set now less before the workload):
 * <ul>
 *   <li>{@code footprint.rss_over_live}: resident growth over live bytes once the allocator's purge call has run
 *       ({@link MemoryImpl#purge()}), so that only memory the allocator cannot give back counts;
 *   <li>{@code footprint.rss_over_live_unpurged}: the same before the purge call (free pages still held count);
 *   <li>{@code footprint.defrag_moved_share} ({@code defrag=true}): blocks moved over live blocks.
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

    /** The most passes of the defragmentation loop ({@code defrag=true}). */
    static final int DEFRAG_PASSES = 8;

    /** Whether the defragmentation loop runs before the figures are taken. */
    @Param({"false", "true"})
    public boolean defrag;

    final int small = scaled(SMALL_BLOCKS);
    final int medium = scaled(MEDIUM_BLOCKS);
    MemoryImpl memory;
    long[] sizes;
    /** Slots of the small blocks to free, in order: the first 90 % of a permutation. */
    int[] freed;

    @Setup(Level.Trial)
    public void setUp() {
        memory = open(small + medium);
        if (defrag && !memory.defragments()) {
            throw new IllegalStateException(impl + " has no defragmentation hint (shouldMove): defrag=true runs on"
                    + " jmalloc only, this implementation's figure is its defrag=false one");
        }
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
        for (int i = 0; i < smallPart; i += 10) {
            memory.free(i, sizes[i]); // a tenth freed, so that the loop has blocks to move
        }
        if (defrag) {
            memory.defragment(sizes, DEFRAG_PASSES);
        }
        for (int i = 0; i < smallPart; i++) {
            if (i % 10 != 0) {
                memory.free(i, sizes[i]);
            }
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
        long liveBlocks = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (memory.isLive(i)) {
                live += sizes[i];
                liveBlocks++;
            }
        }
        if (defrag) {
            long moved = memory.defragment(sizes, DEFRAG_PASSES);
            report("footprint.defrag_moved_share", ratio(moved, liveBlocks), "ratio");
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
