package org.jmalloc.benchmarks.footprint;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.jmalloc.allocator.os.ProcessFootprint;
import org.jmalloc.benchmarks.impl.AllocatorCounters;
import org.jmalloc.benchmarks.impl.Impl;
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
 * <p>Starting a thread costs the JVM resident memory of its own (the C library keeps dead threads' stacks for reuse,
 * the JVM its per-thread structures), which no allocator can give back. So before the measured churn the same
 * number of threads, {@value #AT_ONCE} at a time, run and end without calling the allocator (each writes one
 * thread-local {@code long} so that it is scheduled like a churn thread), and the figures separate the two. The JVM's
 * other one-time growth is paid before the measurement too: the whole churn runs once on a spare instance of the
 * implementation ({@link #rehearse}), and the young generation is made resident ({@link #cycleYoungGeneration}).
 *
 * <p>Figures:
 * <ul>
 *   <li>{@code footprint.rss_after_purge_over_start}: the process's resident set after the purge over the one before
 *       any thread started (the raw figure: JVM thread cost and the allocator's together);
 *   <li>{@code footprint.thread_baseline_over_start}: the resident set after the threads that did not call the
 *       allocator, over the start: what the JVM itself keeps of 1,000 dead threads;
 *   <li>{@code footprint.allocator_rss_after_purge_over_start}: {@code 1 + (after purge − after baseline) / start}:
 *       what the allocating churn added on top of the same number of threads having already run, as a share of the
 *       start (1.00 = the allocator gave everything back). The baseline runs first, so the JVM's one-time growth
 *       (stack cache, thread structures) is paid before it and not charged to the allocator; what the allocator
 *       keeps on the Java heap (thread caches, extent records and bitmaps, and the heap pages their allocation and
 *       the collector's copies of them touched) is charged to it;
 *   <li>{@code stats.allocated_after_purge}: the allocator's own allocated bytes after the purge, where it reports
 *       them (0 = no block is held by a dead thread's cache);
 *   <li>{@code stats.metadata_after_purge}: the allocator's own metadata after the purge (MiB), where it reports it:
 *       the part of the allocator's growth that is its counted bookkeeping.
 * </ul>
 */
public class ThreadChurnFootprintBenchmark extends FootprintHarness {

    static final int THREADS = 1000;
    static final int AT_ONCE = 4;
    static final int BLOCKS_PER_THREAD = 512;
    /** Java heap garbage made before the measurement, as multiples of the young generation's capacity. */
    static final int YOUNG_CYCLES = 2;
    /** Chunk of that garbage: small enough to be allocated in the young generation. */
    static final int GARBAGE_CHUNK = 64 * 1024;

    /** Where {@link #cycleYoungGeneration} leaves its last chunks, so that none of them is dead when made. */
    static volatile Object garbage;

    final int threads = scaled(THREADS);
    MemoryImpl memory;
    long[] sizes;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        sizes = new SeededInputs(SeededInputs.SEED).skewedSizes(threads * BLOCKS_PER_THREAD, 16, 4096);
        rehearse();
        memory = open(sizes.length);
        cycleYoungGeneration();
        awaitCompilerQuiet();
    }

    /**
     * The whole churn, on an instance of the implementation of its own that is closed before the measured one opens:
     * the JVM's one-time costs of running it (the JIT's compiled code and compiler memory, about 16 MiB of it for a
     * Java allocator whose paths are still cold) are paid here, while the measured instance starts empty and is
     * charged everything it keeps. The spare is purged before it closes: the native allocators are one per process, so
     * their measured churn starts where the purged rehearsal left them (warm, which can only favour them).
     */
    private void rehearse() throws InterruptedException {
        MemoryImpl spare = Impl.of(impl).open(sizes.length);
        try {
            churn(spare, threads);
            freeAll(spare, threads);
            spare.purge();
        } finally {
            spare.close();
        }
    }

    /**
     * Makes the Java heap's young generation resident, as it is in any JVM that has run a while: garbage of
     * {@value #YOUNG_CYCLES} times its capacity, kept reachable long enough that the JIT cannot elide it. Otherwise
     * the first touch of young-generation pages by whatever the measured churn allocates on the Java heap (the
     * harness's threads, the JMH runner, any Java allocator's transient objects) counts as the allocator's growth,
     * up to the generation's size (about 270 MiB at {@code -Xmx1g}); what an allocator keeps live on the Java heap
     * still counts, in the old generation it is promoted to.
     */
    private static void cycleYoungGeneration() {
        long young = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Eden")) {
                young = Math.max(young, pool.getUsage().getCommitted());
            }
        }
        Object[] sink = new Object[16];
        for (long made = 0; made < YOUNG_CYCLES * young; made += GARBAGE_CHUNK) {
            sink[(int) (made / GARBAGE_CHUNK) & (sink.length - 1)] = new byte[GARBAGE_CHUNK];
        }
        garbage = sink;
    }

    @Benchmark
    public void churnThenPurge() throws InterruptedException {
        ProcessFootprint before = probe();
        idleChurn(threads);
        ProcessFootprint baseline = probe();
        churn(memory, threads);
        freeAll(memory, threads);
        memory.purge();
        ProcessFootprint after = probe();
        report("footprint.rss_after_purge_over_start", ratio(after.rss(), before.rss()), "ratio");
        report("footprint.thread_baseline_over_start", ratio(baseline.rss(), before.rss()), "ratio");
        report("footprint.allocator_rss_after_purge_over_start",
                1 + ratio(after.rss() - baseline.rss(), before.rss()), "ratio");
        AllocatorCounters counters = memory.counters();
        if (counters.allocated() != AllocatorCounters.UNKNOWN) {
            report("stats.allocated_after_purge", counters.allocated(), "bytes");
        }
        if (counters.metadata() != AllocatorCounters.UNKNOWN) {
            report("stats.metadata_after_purge", (double) counters.metadata() / MIB, "MiB");
        }
    }

    /** Runs {@code threads} threads, {@value #AT_ONCE} at a time, that end without calling the allocator. */
    private static void idleChurn(int threads) throws InterruptedException {
        long[] sink = new long[threads];
        for (int first = 0; first < threads; first += AT_ONCE) {
            Thread[] batch = new Thread[Math.min(AT_ONCE, threads - first)];
            for (int k = 0; k < batch.length; k++) {
                int t = first + k;
                batch[k] = Thread.ofPlatform().name("idle-" + t).start(() -> sink[t] = Thread.currentThread().threadId());
            }
            for (Thread thread : batch) {
                thread.join();
            }
        }
    }

    /**
     * Runs {@code threads} threads on {@code target}, {@value #AT_ONCE} at a time, thread {@code t} filling its range
     * of slots.
     */
    private void churn(MemoryImpl target, int threads) throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        for (int first = 0; first < threads; first += AT_ONCE) {
            Thread[] batch = new Thread[Math.min(AT_ONCE, threads - first)];
            for (int k = 0; k < batch.length; k++) {
                int t = first + k;
                batch[k] = Thread.ofPlatform().name("churn-" + t).start(() -> {
                    try {
                        for (int slot = t * BLOCKS_PER_THREAD; slot < (t + 1) * BLOCKS_PER_THREAD; slot++) {
                            target.allocate(slot, sizes[slot]);
                            touch(target, slot, sizes[slot]);
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

    private void freeAll(MemoryImpl target, int threads) {
        for (int slot = 0; slot < threads * BLOCKS_PER_THREAD; slot++) {
            target.free(slot, sizes[slot]);
        }
    }
}
