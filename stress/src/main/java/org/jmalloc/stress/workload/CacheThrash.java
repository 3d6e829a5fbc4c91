package org.jmalloc.stress.workload;

import java.util.SplittableRandom;
import org.jmalloc.allocator.AllocatorBuilder;
import org.jmalloc.allocator.os.Hardware;
import org.jmalloc.stress.check.CheckedHeap;

/**
 * Active false sharing (Berger's cache-thrash): every thread allocates small objects of
 * {@code minSize..maxSize} bytes, writes each one {@code writes} times and frees it, keeping
 * {@code keep} of them live at once. An allocator that hands two threads neighbouring regions of
 * the same slab makes their cores fight over one cache line on every write. The run asserts that
 * no cache line ({@code Hardware.detect().cacheLine()} bytes) ever holds live blocks of two threads,
 * giving the allocator at least as many arenas as threads so that the guarantee can hold.
 */
public final class CacheThrash implements Workload {

    private final long minSize;
    private final long maxSize;
    private final int writes;
    private final int keep;

    /** 8 to 64-byte objects, 100 writes each, 16 live per thread. */
    public CacheThrash() {
        this(8, 64, 100, 16);
    }

    public CacheThrash(long minSize, long maxSize, int writes, int keep) {
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.writes = writes;
        this.keep = keep;
    }

    @Override
    public String name() {
        return "cache-thrash";
    }

    @Override
    public String summary() {
        return "threads write their own small objects; asserts no cache line holds two threads' blocks";
    }

    @Override
    public void configure(AllocatorBuilder builder, int threads) {
        builder.arenas(Math.max(threads, 4 * Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public void run(WorkloadContext ctx) throws InterruptedException {
        CheckedHeap heap = ctx.heap();
        heap.trackCacheLines(Hardware.detect().cacheLine());
        ctx.runWorkers(ctx.threads(), "writer", (index, r) -> {
            BlockList live = new BlockList(keep);
            while (!ctx.stopping()) {
                long size = Sizes.uniform(r, minSize, maxSize);
                long a = heap.malloc(size);
                if (a != 0) {
                    Touch.hammer(a, writes);
                    live.add(a, size);
                }
                if (live.size() > keep || (a == 0 && !live.isEmpty())) {
                    live.free(heap, r.nextInt(live.size()), r);
                }
            }
            live.freeAll(heap, r);
        });
        ctx.note("cache line bytes", Hardware.detect().cacheLine());
    }
}
