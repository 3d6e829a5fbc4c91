package org.jmalloc.benchmarks.latency;

import java.util.concurrent.TimeUnit;
import org.jmalloc.benchmarks.ImplBenchmark;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A growing buffer: allocate {@value #INITIAL} bytes, double it by realloc until it holds {@value #FINAL} bytes
 * (14 reallocs), free it. One operation is the whole sequence.
 *
 * <p>How each implementation grows a block ({@code MemoryImpl.realloc()}): jmalloc's raw API, glibc, jemalloc, mimalloc
 * and tcmalloc use their own realloc, which may grow in place (or, for glibc's mmap'd blocks, remap); jmalloc's segment
 * API has no realloc and Netty's {@code ByteBuf.capacity(n)} allocates, copies and releases, so those two copy every
 * step. The buffer is not written between steps, so the copies move untouched (zero) pages.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReallocGrowthLatencyBenchmark extends ImplBenchmark {

    static final long INITIAL = 64;
    static final long FINAL = 1 << 20;

    private MemoryImpl memory;

    @Setup(Level.Trial)
    public void setUp() {
        memory = open(1);
    }

    @Benchmark
    public void growByDoubling() {
        final MemoryImpl memory = this.memory;
        memory.allocate(0, INITIAL);
        long size = INITIAL;
        while (size < FINAL) {
            memory.reallocate(0, size, size << 1);
            size <<= 1;
        }
        memory.free(0, size);
    }
}
