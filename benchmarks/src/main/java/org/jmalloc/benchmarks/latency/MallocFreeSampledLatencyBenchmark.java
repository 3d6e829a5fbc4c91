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
 * The distribution of one {@code malloc} + {@code free} of the same block, for one size: JMH's sample mode times
 * individual calls, and the result's percentiles give p50, p99 and p99.9 (the table reads the score, the mean of the
 * samples). Timer resolution (about 20 ns with {@code System.nanoTime} on Linux) quantizes the low percentiles.
 * {@link MallocFreeLatencyBenchmark} measures the mean without that quantization.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MallocFreeSampledLatencyBenchmark extends ImplBenchmark {

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
