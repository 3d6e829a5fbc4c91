package org.jmalloc.benchmarks.latency;

import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.impl.MemoryImpl;
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
    /** The result of {@link ExtraWork}'s chain, kept so the chain is not dead code (unused when it is off). */
    private long extra = 1;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = Long.parseLong(size);
        memory = open(1);
    }

    /**
     * One malloc and one free. With {@code -Djmalloc.bench.extraWork=N} (calibration only) the harness adds {@code N}
     * dependent steps between them: a fast-path slowdown of measured cost outside the allocator.
     */
    @Benchmark
    public void mallocFree() {
        memory.allocate(0, bytes);
        if (ExtraWork.STEPS > 0) {
            extra = ExtraWork.spin(extra, ExtraWork.STEPS);
        }
        memory.free(0, bytes);
    }
}
