package org.jmalloc.benchmarks.latency;

import java.util.concurrent.TimeUnit;
import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Average time of one {@code malloc} immediately followed by the {@code free} of the same block, for one size: the
 * allocator's fast path (thread cache or its equivalent), the number the single-block latency targets are set on.
 * {@link MallocFreeSampledLatencyBenchmark} measures the same operation's distribution.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MallocFreeLatencyBenchmark extends ImplBenchmark {

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

    @TearDown(Level.Trial)
    public void tearDown() {
        if (memory != null) {
            memory.close();
        }
    }

    @Benchmark
    public void mallocFree() {
        memory.allocate(0, bytes);
        memory.free(0, bytes);
    }
}
