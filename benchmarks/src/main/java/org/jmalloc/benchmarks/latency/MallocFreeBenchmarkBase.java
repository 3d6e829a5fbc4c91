package org.jmalloc.benchmarks.latency;

import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.profile.WorkCountersProfiler;
import org.jmalloc.benchmarks.profile.WorkProbe;
import org.jmalloc.benchmarks.workload.ExtraWork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One {@code malloc} immediately followed by the {@code free} of the same block, for one size: the state, setup and
 * benchmark method that {@link MallocFreeLatencyBenchmark} (mean) and {@link MallocFreeSampledLatencyBenchmark}
 * (distribution) share. They differ only in their {@code @BenchmarkMode}; JMH generates the inherited
 * {@link #mallocFree()} under each subclass's name and skips this abstract class.
 */
public abstract class MallocFreeBenchmarkBase extends ImplBenchmark {

    /** Block size in bytes, zero-padded so results sort by size. */
    @Param({"00016", "00064", "00256", "01024", "04096", "32768"})
    public String size;

    private MemoryImpl memory;
    private long bytes;
    /** Always 0, but a field the JIT must load: {@link ExtraWork#serialize}'s mask (unused when it is off). */
    private int zero;
    /** Calls left until the next one with extra work (calibration only: see {@link ExtraWork#PERIOD}). */
    private int countdown = 1;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = Long.parseLong(size);
        memory = open(1);
        WorkCountersProfiler.probe(impl, 1, new Sequence(bytes));
    }

    /** Pairs in the measured section of the work-count sequence. */
    static final int PROBE_PAIRS = 1 << 16;
    /**
     * Warm-up pairs of the work-count sequence: enough for the thread cache's incremental GC (one class every 1,024
     * allocations) to have given back what the priming left cached in the other classes, as a timed run's warm-up
     * iterations do; with a sixteenth of it the measured pairs still saw those flushes.
     */
    static final int PROBE_WARMUP_PAIRS = 1 << 20;

    /**
     * The work-count sequence ({@link WorkProbe}): after the priming, {@value #PROBE_WARMUP_PAIRS} warm-up pairs and
     * {@value #PROBE_PAIRS} measured ones, each as {@link #mallocFree()} runs it (without the calibration's extra
     * work, which is the harness's, not the allocator's).
     */
    record Sequence(long bytes) implements WorkProbe {

        @Override
        public long run(MemoryImpl memory, Runnable measuring) {
            prime(memory);
            pairs(memory, PROBE_WARMUP_PAIRS);
            measuring.run();
            pairs(memory, PROBE_PAIRS);
            return PROBE_PAIRS;
        }

        private void pairs(MemoryImpl memory, int n) {
            for (int i = 0; i < n; i++) {
                memory.allocate(0, bytes);
                memory.free(0, bytes);
            }
        }
    }

    /**
     * One malloc and one free. With {@code -Djmalloc.bench.extraWork=N} (calibration only) the harness adds, on every
     * {@link ExtraWork#PERIOD}-th call, {@code N} dependent steps between them, started from the block's address and
     * ending in the index of the slot the free reads: a fast-path slowdown of measured cost, outside the allocator,
     * that the core cannot overlap with it.
     */
    @Benchmark
    public void mallocFree() {
        memory.allocate(0, bytes);
        int slot = 0;
        if (ExtraWork.STEPS > 0 && --countdown == 0) {
            countdown = ExtraWork.PERIOD;
            slot = ExtraWork.serialize(memory.address(0), ExtraWork.STEPS, zero);
        }
        memory.free(slot, bytes);
    }
}
