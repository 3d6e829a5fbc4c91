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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A heap in steady state: {@value #LIVE} blocks stay live, and each operation frees a random one and allocates a block
 * of a new random size (16 B to 4 KiB, skewed small: see {@link SeededInputs}) in its place. The working set
 * (about 3.5 MB of blocks; the mean request is about 420 B) exceeds the thread caches, so this exercises bins, slab
 * reuse and fragmentation rather than the last-freed-first-reused fast path.
 *
 * <p>The victim slots and new sizes come from a precomputed sequence of {@value #SEQUENCE} steps, used cyclically.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SteadyStateReplaceLatencyBenchmark extends ImplBenchmark {

    static final int LIVE = 8192;
    static final int SEQUENCE = 1 << 16;
    static final long MIN_SIZE = 16;
    static final long MAX_SIZE = 4096;

    private MemoryImpl memory;
    private long[] liveSizes;
    private int[] victims;
    private long[] newSizes;
    private int step;

    @Setup(Level.Trial)
    public void setUp() {
        SeededInputs inputs = new SeededInputs(SeededInputs.SEED);
        liveSizes = inputs.skewedSizes(LIVE, MIN_SIZE, MAX_SIZE);
        victims = inputs.indices(SEQUENCE, LIVE);
        newSizes = inputs.skewedSizes(SEQUENCE, MIN_SIZE, MAX_SIZE);
        WorkCountersProfiler.probe(impl, LIVE, new Sequence(liveSizes.clone(), victims, newSizes));
        memory = open(LIVE);
        for (int slot = 0; slot < LIVE; slot++) {
            memory.allocate(slot, liveSizes[slot]);
        }
    }

    /**
     * The work-count sequence ({@link WorkProbe}): after the priming, the {@value #LIVE} initial blocks and one
     * warm-up pass through the {@value #SEQUENCE} steps, then one measured pass ({@value #SEQUENCE} operations), each
     * step exactly as {@link #replaceRandomBlock} runs it.
     */
    record Sequence(long[] initialSizes, int[] victims, long[] newSizes) implements WorkProbe {

        @Override
        public long run(MemoryImpl memory, Runnable measuring) {
            prime(memory);
            long[] live = initialSizes.clone();
            for (int slot = 0; slot < LIVE; slot++) {
                memory.allocate(slot, live[slot]);
            }
            pass(memory, live);
            measuring.run();
            pass(memory, live);
            return SEQUENCE;
        }

        private void pass(MemoryImpl memory, long[] live) {
            for (int i = 0; i < SEQUENCE; i++) {
                int slot = victims[i];
                memory.free(slot, live[slot]);
                memory.allocate(slot, newSizes[i]);
                live[slot] = newSizes[i];
            }
        }
    }

    @Benchmark
    public void replaceRandomBlock() {
        final int i = step;
        step = (i + 1) & (SEQUENCE - 1);
        final int slot = victims[i];
        final long size = newSizes[i];
        memory.free(slot, liveSizes[slot]);
        memory.allocate(slot, size);
        liveSizes[slot] = size;
    }
}
