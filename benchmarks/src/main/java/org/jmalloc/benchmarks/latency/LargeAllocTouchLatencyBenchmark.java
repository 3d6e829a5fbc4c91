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

/**
 * Large blocks: allocate one block of 256 KiB to 64 MiB, write one byte into every 4 KiB page of it, free it. The
 * time includes page faults on fresh pages, so an allocator that keeps freed pages mapped (and reuses them) is faster
 * here than one that returns them to the OS at once; that is the trade-off this benchmark shows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LargeAllocTouchLatencyBenchmark extends ImplBenchmark {

    /** Distance between touched bytes: the smallest page size of the supported platforms. */
    static final long PAGE = 4096;

    /** Block size in KiB, zero-padded so results sort by size. */
    @Param({"00256", "01024", "04096", "16384", "65536"})
    public String sizeKiB;

    private MemoryImpl memory;
    private long bytes;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = Long.parseLong(sizeKiB) * 1024;
        memory = open(1);
    }

    @Benchmark
    public void allocateTouchFree() {
        final MemoryImpl memory = this.memory;
        final long bytes = this.bytes;
        memory.allocate(0, bytes);
        for (long offset = 0; offset < bytes; offset += PAGE) {
            memory.write(0, offset, (byte) 1);
        }
        memory.free(0, bytes);
    }
}
