package org.jmalloc.stress.workload;

import java.util.concurrent.atomic.LongAdder;
import org.jmalloc.allocator.os.Hardware;
import org.jmalloc.stress.check.CacheLineOwners;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * Passive false sharing (Berger's cache-scratch): the main thread allocates one small object per
 * thread, back to back, and hands object {@code i} to thread {@code i}; each thread frees it and
 * then allocates, writes {@code writes} times and frees small objects of {@code size} bytes in a
 * loop. An allocator that serves a thread from the block it just freed keeps the threads on the
 * main thread's neighbouring regions, so their writes fight over shared cache lines. A
 * jemalloc-class allocator does exactly that (the freed block sits in the thread's cache), which is
 * allowed: the run reports how many of the threads' own blocks shared a line with another thread's
 * live block ({@code passive shared lines}) as a figure, and checks cookies, overlap and stats as
 * every workload does. The active case, where sharing is a violation, is {@link CacheThrash}.
 */
public final class CacheScratch implements Workload {

    private final long size;
    private final int writes;

    /** 8-byte objects, 1000 writes each. */
    public CacheScratch() {
        this(8, 1000);
    }

    public CacheScratch(long size, int writes) {
        this.size = size;
        this.writes = writes;
    }

    @Override
    public String name() {
        return "cache-scratch";
    }

    @Override
    public String summary() {
        return "threads reuse small objects the main thread allocated side by side (passive false sharing)";
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        int n = ctx.threads();
        long[] handed = new long[n];
        for (int i = 0; i < n; i++) {
            handed[i] = heap.malloc(size);
        }
        CacheLineOwners lines = new CacheLineOwners(Hardware.detect().cacheLine());
        LongAdder shared = new LongAdder();
        ctx.runWorkers(n, "scratcher", (index, r) -> {
            if (handed[index] != 0) {
                heap.free(handed[index], size);
            }
            while (!ctx.stopping()) {
                long a = heap.malloc(size);
                if (a == 0) {
                    continue;
                }
                if (lines.claim(a, size) != null) {
                    shared.increment();
                }
                Touch.hammer(a, writes);
                lines.release(a, size);
                BlockList.freeBlock(heap, a, size, r);
            }
        });
        ctx.note("passive shared lines", shared.sum());
    }
}
