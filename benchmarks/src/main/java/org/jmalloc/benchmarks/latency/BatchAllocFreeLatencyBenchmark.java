package org.jmalloc.benchmarks.latency;

import java.util.concurrent.TimeUnit;
import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.profile.WorkCountersProfiler;
import org.jmalloc.benchmarks.profile.WorkProbe;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Allocates {@value #BLOCKS} blocks of seeded random sizes (16 B to 4 KiB, skewed small: see {@link SeededInputs}),
 * then frees them in a shuffled order. The score is the time per block (one malloc and one free), so it compares
 * with {@link MallocFreeLatencyBenchmark}; the difference is what a batch costs beyond the thread cache (refills,
 * flushes, slab changes) and what freeing out of allocation order costs.
 *
 * <p>{@value #ROUNDS} rounds of sizes and free orders are precomputed and used in turn, so branch predictors cannot
 * learn one sequence.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(BatchAllocFreeLatencyBenchmark.BLOCKS)
public class BatchAllocFreeLatencyBenchmark extends ImplBenchmark {

    static final int BLOCKS = 1024;
    static final int ROUNDS = 16;
    static final long MIN_SIZE = 16;
    static final long MAX_SIZE = 4096;
    /** Measured cycles through the rounds in the work-count sequence. */
    static final int PROBE_CYCLES = 4;

    private MemoryImpl memory;
    private long[] sizes;
    private int[] freeOrder;
    private int round;

    @Setup(Level.Trial)
    public void setUp() {
        SeededInputs inputs = new SeededInputs(SeededInputs.SEED);
        sizes = inputs.skewedSizes(ROUNDS * BLOCKS, MIN_SIZE, MAX_SIZE);
        freeOrder = new int[ROUNDS * BLOCKS];
        for (int r = 0; r < ROUNDS; r++) {
            System.arraycopy(inputs.permutation(BLOCKS), 0, freeOrder, r * BLOCKS, BLOCKS);
        }
        memory = open(BLOCKS);
        WorkCountersProfiler.probe(impl, BLOCKS, new Sequence(sizes, freeOrder));
    }

    /**
     * The work-count sequence ({@link WorkProbe}): after the priming, one warm-up cycle through the {@value #ROUNDS}
     * rounds, then {@value #PROBE_CYCLES} measured cycles ({@value #PROBE_CYCLES} × {@value #ROUNDS} ×
     * {@value #BLOCKS} operations), each round exactly as {@link #allocateThenFreeShuffled} runs it.
     */
    record Sequence(long[] sizes, int[] freeOrder) implements WorkProbe {

        @Override
        public long run(MemoryImpl memory, Runnable measuring) {
            prime(memory);
            for (int r = 0; r < ROUNDS; r++) {
                round(memory, r);
            }
            measuring.run();
            for (int c = 0; c < PROBE_CYCLES; c++) {
                for (int r = 0; r < ROUNDS; r++) {
                    round(memory, r);
                }
            }
            return (long) PROBE_CYCLES * ROUNDS * BLOCKS;
        }

        private void round(MemoryImpl memory, int r) {
            int base = r * BLOCKS;
            for (int i = 0; i < BLOCKS; i++) {
                memory.allocate(i, sizes[base + i]);
            }
            for (int i = 0; i < BLOCKS; i++) {
                int slot = freeOrder[base + i];
                memory.free(slot, sizes[base + slot]);
            }
        }
    }

    @Benchmark
    public void allocateThenFreeShuffled() {
        final MemoryImpl memory = this.memory;
        final long[] sizes = this.sizes;
        final int[] freeOrder = this.freeOrder;
        final int base = round * BLOCKS;
        round = (round + 1) % ROUNDS;
        for (int i = 0; i < BLOCKS; i++) {
            memory.allocate(i, sizes[base + i]);
        }
        for (int i = 0; i < BLOCKS; i++) {
            int slot = freeOrder[base + i];
            memory.free(slot, sizes[base + slot]);
        }
    }
}
