package org.jmalloc.benchmarks.footprint;

import org.jmalloc.allocator.os.ProcessFootprint;
import org.jmalloc.benchmarks.impl.AllocatorCounters;
import org.jmalloc.benchmarks.impl.MemoryImpl;
import org.jmalloc.benchmarks.workload.SeededInputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Thread churn: {@value #THREADS} short-lived platform threads, {@value #AT_ONCE} at a time, each allocate
 * {@value #BLOCKS_PER_THREAD} blocks of 16 B–4 KiB (skewed small), touch them, leave them to the benchmark thread and
 * end; then the benchmark thread frees every block and calls the allocator's purge. Whatever the dead threads' caches
 * held must come back.
 *
 * <p>Figures:
 * <ul>
 *   <li>{@code footprint.rss_after_purge_over_start}: the process's resident set after the purge over the one before
 *       the threads started (1.00 = everything came back);
 *   <li>{@code stats.allocated_after_purge}: the allocator's own allocated bytes after the purge, where it reports
 *       them (0 = no block is held by a dead thread's cache).
 * </ul>
 */
public class ThreadChurnFootprintBenchmark extends FootprintHarness {

    static final int THREADS = 1000;
    static final int AT_ONCE = 4;
    static final int BLOCKS_PER_THREAD = 512;
    static final int REHEARSAL_THREADS = 8;

    final int threads = scaled(THREADS);
    MemoryImpl memory;
    long[] sizes;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        sizes = new SeededInputs(SeededInputs.SEED).skewedSizes(threads * BLOCKS_PER_THREAD, 16, 4096);
        memory = open(sizes.length);
        churn(Math.min(REHEARSAL_THREADS, threads));
        freeAll(Math.min(REHEARSAL_THREADS, threads));
        memory.purge();
    }

    @Benchmark
    public void churnThenPurge() throws InterruptedException {
        ProcessFootprint before = probe();
        churn(threads);
        freeAll(threads);
        memory.purge();
        ProcessFootprint after = probe();
        report("footprint.rss_after_purge_over_start", ratio(after.rss(), before.rss()), "ratio");
        long allocated = memory.counters().allocated();
        if (allocated != AllocatorCounters.UNKNOWN) {
            report("stats.allocated_after_purge", allocated, "bytes");
        }
    }

    /** Runs {@code threads} threads, {@value #AT_ONCE} at a time, thread {@code t} filling its range of slots. */
    private void churn(int threads) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        for (int first = 0; first < threads; first += AT_ONCE) {
            Thread[] batch = new Thread[Math.min(AT_ONCE, threads - first)];
            for (int k = 0; k < batch.length; k++) {
                int t = first + k;
                batch[k] = Thread.ofPlatform().name("churn-" + t).start(() -> {
                    try {
                        for (int slot = t * BLOCKS_PER_THREAD; slot < (t + 1) * BLOCKS_PER_THREAD; slot++) {
                            memory.allocate(slot, sizes[slot]);
                            touch(memory, slot, sizes[slot]);
                        }
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                });
            }
            for (Thread thread : batch) {
                thread.join();
            }
            if (failure[0] != null) {
                throw new IllegalStateException("a churn thread failed", failure[0]);
            }
        }
    }

    private void freeAll(int threads) {
        for (int slot = 0; slot < threads * BLOCKS_PER_THREAD; slot++) {
            memory.free(slot, sizes[slot]);
        }
    }
}
