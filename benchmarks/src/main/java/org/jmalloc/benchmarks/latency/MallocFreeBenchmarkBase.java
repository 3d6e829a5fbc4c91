package org.jmalloc.benchmarks.latency;

import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.impl.MemoryImpl;
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

    @Setup(Level.Trial)
    public void setUp() {
        bytes = Long.parseLong(size);
        memory = open(1);
    }

    @Benchmark
    public void mallocFree() {
        memory.allocate(0, bytes);
        memory.free(0, bytes);
    }
}
