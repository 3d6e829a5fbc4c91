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
 * random 90 % of them; allocate {@value #MEDIUM_BLOCKS} blocks of 1–8 KiB, touching each; then churn in the small
 * bins: replace the surviving small blocks oldest first, {@value #CHURN_BATCH} at a time (free the batch, then
 * allocate as many new blocks of seeded random sizes 16–512 B in their slots, touching each), until
 * {@value #REPLACED} of them are new. What stays resident beyond the live bytes is the memory the freed small blocks
 * pinned: slabs (or heap pages) that still hold a live block each.
 *
 * <p>Why the churn: the medium blocks never use the small bins, so without it the figure shows how many slabs the
 * survivors pin but not how an allocator reuses them, and where a bin takes its next block from could not matter.
 * A batch is far more than a thread cache holds, so the new blocks come from the bins' slabs; the freed old blocks'
 * slabs empty only if no new block lands in them, and which slabs the new blocks land in is the bins' fill order.
 * The old blocks sit at the high end: each mapping's slabs are carved from its low end up, and the OS places later
 * (larger) mappings below earlier ones. So packing new blocks into the lowest-address slabs (jemalloc's and
 * jmalloc's order) leaves the old blocks' slabs to drain, and purge gives their pages back, while filling the
 * highest-address slab first puts the new blocks exactly where the old ones are being freed and keeps the young
 * survivors' slabs pinned as well.
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
    /** Share of the surviving small blocks the churn replaces, oldest first. */
    static final double REPLACED = 0.9;
    /** Blocks freed, then allocated, per step of the churn. */
    static final int CHURN_BATCH = 65_536;
    /** The rehearsal's share of the workload (see {@link FootprintHarness}). */
    static final int REHEARSAL_DIVISOR = 10;
    /** How many times the rehearsal runs (see {@link #rehearse}). */
    static final int REHEARSAL_ROUNDS = 3;

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
    /** Slots of the surviving small blocks the churn replaces, oldest (lowest slot) first. */
    int[] replaced;
    /** The replacements' sizes, in {@link #replaced}'s order. */
    long[] replacementSizes;

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
        boolean[] isFreed = new boolean[small];
        for (int slot : freed) {
            isFreed[slot] = true;
        }
        int[] survivors = java.util.stream.IntStream.range(0, small).filter(i -> !isFreed[i]).toArray();
        replaced = java.util.Arrays.copyOf(survivors, (int) (survivors.length * REPLACED));
        replacementSizes = new long[replaced.length];
        for (int i = 0; i < replaced.length; i++) {
            replacementSizes[i] = random.nextLong(SMALL_MIN, SMALL_MAX + 1);
        }
        rehearse();
    }

    /**
     * The workload at 1/{@value #REHEARSAL_DIVISOR} of its size, {@value #REHEARSAL_ROUNDS} times over, each round
     * freed and purged; then a wait for the JIT compiler to go quiet. The rounds run the measured workload's own phase methods, so that they are
     * compiled before the baseline: a single 1 % round left about 0.7 s of compilation inside jmalloc's measured
     * workload (its allocator is Java code, compiled as it runs) against 0.1 s for a native allocator, and C2's
     * memory (tens of MiB of arenas, which the C library keeps) counted as jmalloc's fragmentation
     * ({@code footprint.jit_ms} shows what is left).
     */
    private void rehearse() {
        int smallPart = Math.max(1, small / REHEARSAL_DIVISOR);
        int mediumPart = Math.max(1, medium / REHEARSAL_DIVISOR);
        int[] tenth = java.util.stream.IntStream.range(0, smallPart).filter(i -> i % 10 == 0).toArray();
        int[] rest = java.util.stream.IntStream.range(0, smallPart).filter(i -> i % 10 != 0).toArray();
        int[] mediumSlots = java.util.stream.IntStream.range(small, small + mediumPart).toArray();
        long[] restSizes = new long[rest.length];
        for (int k = 0; k < rest.length; k++) {
            restSizes[k] = sizes[rest[k]];
        }
        for (int round = 0; round < REHEARSAL_ROUNDS; round++) {
            allocateRange(0, smallPart);
            allocateRange(small, small + mediumPart);
            freeSlots(tenth, 0, tenth.length); // a tenth freed, so that the churn and the loop have blocks to move
            replace(rest, restSizes, 0, rest.length); // the churn's step, with each block's own size
            if (defrag) {
                memory.defragment(sizes, DEFRAG_PASSES);
            }
            freeSlots(rest, 0, rest.length);
            freeSlots(mediumSlots, 0, mediumSlots.length);
            memory.purge();
        }
        awaitCompilerQuiet();
    }

    /** Allocates the blocks of slots {@code from} to {@code to} (exclusive) at their sizes, touching each. */
    private void allocateRange(int from, int to) {
        for (int i = from; i < to; i++) {
            memory.allocate(i, sizes[i]);
            touch(memory, i, sizes[i]);
        }
    }

    /** Frees the blocks of {@code slots[from]} to {@code slots[to - 1]}. */
    private void freeSlots(int[] slots, int from, int to) {
        for (int k = from; k < to; k++) {
            memory.free(slots[k], sizes[slots[k]]);
        }
    }

    /** One step of the churn: frees the blocks of {@code slots[from..to)}, then allocates them at their new sizes. */
    private void replace(int[] slots, long[] newSizes, int from, int to) {
        freeSlots(slots, from, to);
        for (int k = from; k < to; k++) {
            int slot = slots[k];
            sizes[slot] = newSizes[k];
            memory.allocate(slot, sizes[slot]);
            touch(memory, slot, sizes[slot]);
        }
    }

    @Benchmark
    public long fragment() {
        ProcessFootprint before = probe();
        allocateRange(0, small);
        freeSlots(freed, 0, freed.length);
        allocateRange(small, sizes.length);
        for (int from = 0; from < replaced.length; from += CHURN_BATCH) {
            replace(replaced, replacementSizes, from, Math.min(replaced.length, from + CHURN_BATCH));
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
