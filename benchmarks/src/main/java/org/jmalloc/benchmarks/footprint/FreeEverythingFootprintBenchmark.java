package org.jmalloc.benchmarks.footprint;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jmalloc.allocator.os.ProcessFootprint;
import org.jmalloc.benchmarks.impl.Impl;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Free everything: allocate {@value #TOTAL_MIB} MiB in mixed sizes (a third of the bytes each in small blocks of
 * 16 B–4 KiB, medium ones of 4–256 KiB and large ones of 256 KiB–4 MiB, in seeded random order), touching every page,
 * then free it all in random order. How much stays resident, and for how long, is what an idle program gives back.
 *
 * <p>Figures, each as a fraction of the peak (the resident growth with everything allocated):
 * <ul>
 *   <li>{@link #freeThenPurge}: {@code footprint.resident_after_free} right after the last free, and
 *       {@code footprint.resident_after_purge} after the allocator's purge call ({@link MemoryImpl#purge()});
 *   <li>{@link #freeThenWait}: {@code footprint.resident_after_decay} after waiting {@value #WAIT_MILLIS} ms
 *       (jmalloc's default dirty decay of 10 s plus its muzzy decay of 0 s plus one second) with no call at all, the
 *       implementation opened with its background purging on where it has any ({@link Impl#openWithBackgroundPurge});
 *       {@code footprint.background_purge} says whether it had (1) or not (0).
 * </ul>
 */
public class FreeEverythingFootprintBenchmark extends FootprintHarness {

    static final long TOTAL_MIB = 1024;
    static final long[][] BANDS = {{16, 4 * KIB}, {4 * KIB, 256 * KIB}, {256 * KIB, 4 * MIB}};
    static final long WAIT_MILLIS = 11_000;

    MemoryImpl memory;
    boolean backgroundPurge;
    long[] sizes;
    int[] freeOrder;

    /** Sizes for {@code total} bytes, a third in each band, shuffled. */
    static long[] mixedSizes(long total, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> all = new ArrayList<>();
        for (long[] band : BANDS) {
            long bytes = 0;
            while (bytes < total / BANDS.length) {
                long size = random.nextLong(band[0], band[1] + 1);
                all.add(size);
                bytes += size;
            }
        }
        int[] order = new SeededInputs(seed + 1).permutation(all.size());
        long[] sizes = new long[all.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = all.get(order[i]);
        }
        return sizes;
    }

    @Setup(Level.Trial)
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
        sizes = mixedSizes(TOTAL_MIB * MIB / DIVISOR, SeededInputs.SEED);
        freeOrder = new SeededInputs(SeededInputs.SEED + 2).permutation(sizes.length);
        if (params.getBenchmark().endsWith("freeThenWait")) {
            Impl.Opened opened = openWithBackgroundPurge(sizes.length);
            memory = opened.memory();
            backgroundPurge = opened.backgroundPurge();
        } else {
            memory = open(sizes.length);
        }
        long[] rehearsal = mixedSizes(TOTAL_MIB * MIB / 100 / DIVISOR, SeededInputs.SEED + 3);
        for (int i = 0; i < rehearsal.length; i++) {
            memory.allocate(i, rehearsal[i]);
            touch(memory, i, rehearsal[i]);
        }
        for (int i = 0; i < rehearsal.length; i++) {
            memory.free(i, rehearsal[i]);
        }
        memory.purge();
        awaitCompilerQuiet();
    }

    /** Allocates and touches everything; returns the resident growth at the peak. */
    private long allocateAll(ProcessFootprint before) {
        for (int i = 0; i < sizes.length; i++) {
            memory.allocate(i, sizes[i]);
            touch(memory, i, sizes[i]);
        }
        long peak = probe().rss() - before.rss();
        report("footprint.peak_rss", (double) peak / MIB, "MiB");
        return peak;
    }

    private void freeAll() {
        for (int slot : freeOrder) {
            memory.free(slot, sizes[slot]);
        }
    }

    @Benchmark
    public void freeThenPurge() {
        ProcessFootprint before = probe();
        long peak = allocateAll(before);
        freeAll();
        report("footprint.resident_after_free", ratio(probe().rss() - before.rss(), peak), "ratio");
        memory.purge();
        report("footprint.resident_after_purge", ratio(probe().rss() - before.rss(), peak), "ratio");
    }

    @Benchmark
    public void freeThenWait() throws InterruptedException {
        ProcessFootprint before = probe();
        long peak = allocateAll(before);
        freeAll();
        Thread.sleep(WAIT_MILLIS / DIVISOR);
        report("footprint.resident_after_decay", ratio(probe().rss() - before.rss(), peak), "ratio");
        report("footprint.background_purge", backgroundPurge ? 1 : 0, "boolean");
    }
}
