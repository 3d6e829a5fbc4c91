package org.jmalloc.benchmarks.footprint;

import org.jmalloc.allocator.os.ProcessFootprint;
import org.jmalloc.benchmarks.impl.AllocatorCounters;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Metadata: allocate {@value #TOTAL_MIB} MiB of live blocks of one size ({@code size} = 00016, 00256 or 04096 bytes) or of
 * seeded random sizes from 16 B to 4 KiB skewed small ({@code mixed}, see {@link SeededInputs#skewedSizes}), touching
 * each, and keep them.
 *
 * <p>Figures:
 * <ul>
 *   <li>{@code stats.metadata_ratio}: the allocator's own metadata over its allocated bytes, where it reports both
 *       (jmalloc's {@code Stats}, jemalloc's {@code stats.metadata} / {@code stats.allocated});
 *   <li>{@code footprint.rss_over_live}: the resident growth over the live (requested) bytes, the kernel's view of
 *       every overhead together (metadata, size-class rounding, partly used pages), for every implementation.
 * </ul>
 */
public class MetadataFootprintBenchmark extends FootprintHarness {

    static final long TOTAL_MIB = 64;
    static final long MIXED_MIN = 16;
    static final long MIXED_MAX = 4096;

    @Param({"00016", "00256", "04096", "mixed"})
    public String size;

    MemoryImpl memory;
    long[] sizes;

    /** Block sizes adding up to {@code total} bytes for the {@code size} parameter's value. */
    static long[] sizes(String size, long total) {
        if (size.equals("mixed")) {
            long[] candidates = new SeededInputs(SeededInputs.SEED).skewedSizes((int) (total / MIXED_MIN), MIXED_MIN,
                    MIXED_MAX);
            long sum = 0;
            int n = 0;
            while (sum < total) {
                sum += candidates[n++];
            }
            return java.util.Arrays.copyOf(candidates, n);
        }
        long block;
        try {
            block = Long.parseLong(size);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size must be a number of bytes or 'mixed', not '" + size + "'", e);
        }
        long[] sizes = new long[(int) (total / block)];
        java.util.Arrays.fill(sizes, block);
        return sizes;
    }

    @Setup(Level.Trial)
    public void setUp() {
        sizes = sizes(size, TOTAL_MIB * MIB / DIVISOR);
        memory = open(sizes.length);
        int rehearsal = sizes.length / 100;
        for (int i = 0; i < rehearsal; i++) {
            memory.allocate(i, sizes[i]);
            touch(memory, i, sizes[i]);
        }
        for (int i = 0; i < rehearsal; i++) {
            memory.free(i, sizes[i]);
        }
        memory.purge();
        awaitCompilerQuiet();
    }

    @Benchmark
    public long allocate() {
        ProcessFootprint before = probe();
        long live = 0;
        for (int i = 0; i < sizes.length; i++) {
            memory.allocate(i, sizes[i]);
            touch(memory, i, sizes[i]);
            live += sizes[i];
        }
        ProcessFootprint after = probe();
        report("footprint.rss_over_live", ratio(after.rss() - before.rss(), live), "ratio");
        AllocatorCounters counters = memory.counters();
        if (counters.metadata() != AllocatorCounters.UNKNOWN && counters.allocated() > 0) {
            report("stats.metadata_ratio", ratio(counters.metadata(), counters.allocated()), "ratio");
        }
        return live;
    }
}
